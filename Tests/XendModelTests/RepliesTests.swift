import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

@Suite("Op replies")
struct RepliesTests {
    static let vm1VCPUs = VCPUInfoReply(
        domainID: 3, name: DomainName(unchecked: "vm1"), vcpuCount: 1,
        vcpus: [
            VCPURecord(
                number: 0, isOnline: true, isBlocked: true, isRunning: false, cpuTime: 12.345678901, cpu: 1,
                cpumap: [0, 1, 2, 3])
        ])

    @Test("vector #14: vcpuinfo prints byte for byte and reads back")
    func vcpuinfo() throws {
        #expect(Self.vm1VCPUs.toSExpression().description == GoldenVectors.vcpuinfo14)
        #expect(try VCPUInfoReply(parsed(GoldenVectors.vcpuinfo14)) == Self.vm1VCPUs)
        #expect(try jsonRoundTrip(Self.vm1VCPUs) == Self.vm1VCPUs)
        let text = try jsonText(Self.vm1VCPUs)
        #expect(text.contains(#""vcpus":[{"blocked":true,"cpu":1,"cpu_time":12.345678901,"cpumap":[0,1,2,3]"#))
    }

    @Test("an inactive domain's vcpuinfo has no domid and cpu -1")
    func inactiveVCPUs() throws {
        let reply = VCPUInfoReply(
            domainID: nil, name: DomainName(unchecked: "vm2"), vcpuCount: 2,
            vcpus: (0..<2).map {
                VCPURecord(
                    number: $0, isOnline: false, isBlocked: false, isRunning: false, cpuTime: .zero, cpu: -1,
                    cpumap: [0, 1])
            })
        let text = reply.toSExpression().description
        #expect(
            text.hasPrefix(
                "(domain (name vm2) (vcpu_count 2) (vcpu (number 0) (online 0) (blocked 0) (running 0) (cpu_time 0.0) (cpu -1)"
            ))
        #expect(try VCPUInfoReply(parsed(text)) == reply)
    }

    @Test("vector #37: credit parameters as Python's dict repr")
    func credit() throws {
        let parameters = try CreditSchedulerParameters(weight: 256, cap: 0)
        #expect(parameters == .default)
        #expect(parameters.dictionaryRepr == "{'cap': 0, 'weight': 256}")
        #expect(parameters.toSExpression().description == GoldenVectors.credit37)
        #expect(try CreditSchedulerParameters(parsed(GoldenVectors.credit37)) == parameters)
        #expect(
            try CreditSchedulerParameters(.atom("{'weight': 512, 'cap': 50}"))
                == CreditSchedulerParameters(weight: 512, cap: 50))
        #expect(throws: XendError.self) { try CreditSchedulerParameters(.atom("{'weight': 512}")) }
        #expect(throws: XendError.self) { try CreditSchedulerParameters(.list([])) }
        #expect(try jsonText(parameters) == #"{"cap":0,"weight":256}"#)
    }

    @Test("credit weight must be 1...65535 and cap not negative")
    func creditRanges() throws {
        #expect(throws: Never.self) { try CreditSchedulerParameters(weight: 1, cap: 0) }
        #expect(throws: Never.self) { try CreditSchedulerParameters(weight: 65535, cap: 400) }
        #expect(
            xendError { _ = try CreditSchedulerParameters(weight: 0, cap: 0) }?.message
                == "Invalid weight: 0 (must be 1 to 65535)")
        #expect(xendError { _ = try CreditSchedulerParameters(weight: 65536, cap: 0) } != nil)
        #expect(
            xendError { _ = try CreditSchedulerParameters(weight: 256, cap: -1) }?.message
                == "Invalid cap: -1 (must be 0 or more)")
    }

    @Test("SEDF parameters: later xend's (sedf ...) shape")
    func sedf() throws {
        let parameters = SEDFSchedulerParameters(
            domainID: 3, periodNanoseconds: 20_000_000, sliceNanoseconds: 5_000_000, latencyNanoseconds: 0,
            extratime: 1, weight: 0)
        let text = parameters.toSExpression().description
        #expect(text == "(sedf (domid 3) (period 20000000) (slice 5000000) (latency 0) (extratime 1) (weight 0))")
        #expect(
            try SEDFSchedulerParameters(
                parsed("(sedf (domid 3) (period '20000000') (slice '5000000') (latency '0') (extratime 1) (weight 0))"))
                == parameters)
        #expect(try jsonRoundTrip(parameters) == parameters)
        #expect(try jsonText(parameters).contains(#""period_ns":20000000"#))
    }

    @Test("vector #33: device_create's reference")
    func deviceReference() throws {
        let reference = DeviceReference(deviceClass: .vbd, domainID: 3, deviceID: 51728)
        #expect(reference.toSExpression().description == GoldenVectors.deviceCreate33)
        #expect(try DeviceReference(parsed(GoldenVectors.deviceCreate33)) == reference)
        #expect(throws: XendError.self) { try DeviceReference(parsed("(vbd (dom 3))")) }
        #expect(
            xendError { _ = try DeviceReference(parsed("(floppy (dom 3 id 1))")) }?.message
                == "unknown device type: floppy")
        #expect(try jsonText(reference) == #"{"class":"vbd","dom":3,"id":51728}"#)
    }

    @Test("vector #36: the devices reply prints byte for byte and reads back")
    func devicesReply() throws {
        let devices = [
            DeviceFrontendState(
                deviceID: 51712,
                entries: [
                    .init("backend-id", "0"), .init("virtual-device", "51712"), .init("device-type", "disk"),
                    .init("state", "4"), .init("backend", "/local/domain/0/backend/vbd/3/51712"),
                    .init("ring-ref", "8"), .init("event-channel", "10"), .init("protocol", "x86_64-abi"),
                ])
        ]
        #expect(DeviceFrontendState.reply(devices).description == GoldenVectors.devices36)
        #expect(try DeviceFrontendState.parseReply(parsed(GoldenVectors.devices36)) == devices)
        #expect(DeviceFrontendState.reply([]).description == "()")
        #expect(try jsonRoundTrip(devices) == devices)
        #expect(throws: XendError.self) { try DeviceFrontendState.parseReply(parsed("((51712))")) }
    }

    @Test("device classes: op vocabulary and error text")
    func deviceClasses() throws {
        for deviceClass in DeviceClass.allCases {
            #expect(try DeviceClass(deviceType: deviceClass.rawValue) == deviceClass)
        }
        #expect(xendError { _ = try DeviceClass(deviceType: "VBD") }?.message == "unknown device type: VBD")
    }

    @Test("block device names: prefix, suffix, record form")
    func blockDeviceNames() {
        #expect(BlockDevice(dev: "ioemu:hda").virtualDevice == "hda")
        #expect(BlockDevice(dev: "hdc:cdrom").virtualDevice == "hdc")
        #expect(BlockDevice(dev: "hdc:cdrom").isCDROM)
        #expect(BlockDevice(dev: "hdc:cdrom").recordDev == "hdc:cdrom")
        #expect(BlockDevice(dev: "xvda").recordDev == "xvda:disk")
        #expect(BlockDevice(mode: "w!").isWritable)
        #expect(!BlockDevice(mode: "r").isWritable)
    }
}
