import Foundation
import Testing

@testable import XenlightGenerator

/// The installed headers this machine builds against (Debian's libxen-dev).
enum InstalledHeaders {
    static let directory = "/usr/include"
    static var present: Bool { FileManager.default.fileExists(atPath: "\(directory)/libxl.h") }
    static func model() throws -> LibxlModel {
        try LibxlModel.load(
            using: ClangRunner(clangPath: ClangRunner.defaultClangPath(), includeDirectory: directory),
            calls: WrappedCall.libxl)
    }
}

@Suite(
    "xenlight-gen on the installed libxl.h",
    .enabled(if: InstalledHeaders.present, "needs /usr/include/libxl.h (libxen-dev)"))
struct GeneratorTests {
    @Test("recovers libxl 4.17's 60 structs, 39 enums, 6 keyed unions and 32 arrays")
    func counts() throws {
        let model = try InstalledHeaders.model()
        #expect(model.structs.count == 60)
        #expect(model.enums.count == 39)
        #expect(model.keyedUnionCount == 6)
        #expect(model.arrayCount == 32)
    }

    @Test("finds the keyed union of libxl_domain_build_info with its hvm, pv and pvh members")
    func buildInfoUnion() throws {
        let model = try InstalledHeaders.model()
        let buildInfo = try #require(model.structs.first { $0.cName == "libxl_domain_build_info" })
        let union = try #require(buildInfo.keyedUnion)
        #expect(union.keyField == "type")
        #expect(union.initFunction == "libxl_domain_build_info_init_type")
        #expect(union.cases.compactMap { $0.payload?.swiftName } == ["HVM", "PV", "PVH"])
    }

    @Test("pairs num_vsnd_streams with streams (the one array not named after its count)")
    func oddArray() throws {
        let model = try InstalledHeaders.model()
        let pcm = try #require(model.structs.first { $0.cName == "libxl_vsnd_pcm" })
        let streams = try #require(pcm.fields.first { $0.cName == "streams" })
        guard case .array(.structure("libxl_vsnd_stream"), "num_vsnd_streams") = streams.kind else {
            Issue.record("streams is \(streams.kind)")
            return
        }
    }

    @Test("maps libxl_list_vcpu's out-counts to inout and libxl_domain_pause's ao_how to nil")
    func callShapes() throws {
        let model = try InstalledHeaders.model()
        #expect(model.calls.map(\.call) == WrappedCall.libxl)
        let listVCPU = try #require(model.calls.first { $0.call.cName == "libxl_list_vcpu" })
        #expect(
            listVCPU.parameters == [
                .value(name: "ctx", swiftType: "OpaquePointer"), .value(name: "domid", swiftType: "UInt32"),
                .inOut(name: "nbVCPU", swiftType: "CInt"), .inOut(name: "nrCPUsOut", swiftType: "CInt"),
            ])
        #expect(listVCPU.swiftReturnType == "UnsafeMutablePointer<libxl_vcpuinfo>?")
        let pause = try #require(model.calls.first { $0.call.cName == "libxl_domain_pause" })
        #expect(pause.parameters.last == .fixed("nil"))
        #expect(
            pause.prototype == "int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid, const libxl_asyncop_how *ao_how)"
        )
        let death = try #require(model.calls.first { $0.call.cName == "libxl_evenable_domain_death" })
        #expect(death.parameters.last == .inOut(name: "evgenOut", swiftType: "OpaquePointer?"))
    }

    @Test("the committed Generated/ files equal a fresh run, byte for byte")
    func drift() throws {
        let generator = Generator(model: try InstalledHeaders.model())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let formatter = SwiftFormatter.besideClang(
            ClangRunner.defaultClangPath(), configuration: root.appendingPathComponent(".swift-format").path)
        for (directory, files) in [
            ("Sources/Xenlight/Generated", generator.sourceFiles()),
            ("Tests/XenlightTests/Generated", generator.testFiles()),
        ] {
            let folder = root.appendingPathComponent(directory)
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("drift-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: fresh) }
            try Generator.write(files, to: fresh, formatter: formatter)
            let committed = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".swift") }.sorted()
            #expect(committed == files.keys.sorted(), "run `make generate`")
            for name in files.keys.sorted() {
                let text = try String(contentsOf: fresh.appendingPathComponent(name), encoding: .utf8)
                let existing = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                #expect(
                    existing == text, "\(directory)/\(name) differs from the generator's output: run `make generate`")
            }
        }
    }
}

@Suite("Swift naming")
struct SwiftNamingTests {
    @Test(
        "type names",
        arguments: [
            ("libxl_domain_build_info", "DomainBuildInfo"), ("libxl_device_nic", "DeviceNIC"),
            ("libxl_vcpuinfo", "VCPUInfo"), ("libxl_dominfo", "DomInfo"), ("libxl_error", "ErrorCode"),
            ("libxl_cputopology", "CPUTopology"), ("libxl_device_usbctrl", "DeviceUsbctrl"),
        ])
    func typeNames(_ c: String, _ swift: String) {
        #expect(SwiftNaming.typeName(c) == swift)
    }

    @Test(
        "member names",
        arguments: [
            ("max_vcpus", "maxVCPUs"), ("c_info", "cInfo"), ("restart_rename", "restartRename"),
            ("uuid", "uuid"), ("vcpu_hard_affinity", "vcpuHardAffinity"), ("nics", "nics"),
            ("acpi_s3", "acpiS3"), ("qcow2", "qcow2"),
        ])
    func memberNames(_ c: String, _ swift: String) {
        #expect(SwiftNaming.memberName(c) == swift)
    }

    @Test("keywords are escaped")
    func keywords() {
        #expect(SwiftNaming.escaped("default") == "`default`")
        #expect(SwiftNaming.escaped("kernel") == "kernel")
    }
}
