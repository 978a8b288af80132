import Testing

@testable import xen_smoke

@Suite("xen-smoke options")
struct SmokeOptionsTests {
    @Test("defaults match the dom0 that Tests/XenHost boots")
    func defaults() throws {
        let options = try SmokeOptions.parse([])
        #expect(options.kernelPath == "/guest/vmlinuz")
        #expect(options.ramdiskPath == "/guest/initrd.gz")
        #expect(options.memoryMiB == 128)
        #expect(options.guestSpec.commandLine.contains("console=hvc0"))
        #expect(!options.showsHelp)
    }

    @Test("every option sets its field")
    func everyOption() throws {
        let options = try SmokeOptions.parse([
            "--kernel", "/k", "--ramdisk", "/r", "--name", "g1", "--memory", "64", "--console-dir", "/c",
            "--marker", "UP", "--boot-timeout", "5", "--verbose",
        ])
        #expect(options.guestSpec.kernelPath == "/k")
        #expect(options.guestSpec.ramdiskPath == "/r")
        #expect(options.guestSpec.name == "g1")
        #expect(options.guestSpec.memoryMiB == 64)
        #expect(options.consoleDirectory == "/c")
        #expect(options.bootMarker == "UP")
        #expect(options.bootTimeoutSeconds == 5)
        #expect(options.isVerbose)
    }

    @Test(
        "bad arguments are rejected with a message naming them",
        arguments: [
            (["--memory", "0"], "--memory needs a positive whole number, not '0'"),
            (["--memory", "12x"], "--memory needs a positive whole number, not '12x'"),
            (["--boot-timeout", "-1"], "--boot-timeout needs a positive whole number, not '-1'"),
            (["--kernel"], "--kernel needs a value"),
            (["--frobnicate"], "unknown argument '--frobnicate'"),
        ]
    )
    func rejects(arguments: [String], message: String) {
        #expect(throws: SmokeFailure.self) { try SmokeOptions.parse(arguments) }
        do {
            _ = try SmokeOptions.parse(arguments)
        } catch {
            #expect(error.description == message)
        }
    }
}
