import Foundation
import Testing

/// Every `xendctl` command against a real daemon, over both transports.
@Suite(
    "xendctl commands",
    .needsDaemon,
    .enabled(if: XendctlProcess.executable != nil, "needs the built xendctl")
)
struct XendctlCommandTests {
    /// Runs xendctl against `daemon` over `transport`.
    struct Session {
        let daemon: XendDaemon
        let transport: Transport

        func run(_ arguments: String...) async throws -> XendctlProcess.Result {
            try await XendctlProcess.run(["--connect", daemon.connectArgument(transport)] + arguments)
        }

        /// Runs and expects success, returning stdout.
        @discardableResult
        func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
            let result = try await XendctlProcess.run(["--connect", daemon.connectArgument(transport)] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(result.stderr.isEmpty, "\(arguments)", sourceLocation: sourceLocation)
            return result.stdout
        }

        /// Writes a config file for `name` and returns its path.
        func configFile(_ name: String, onPowerOff: String = "destroy") throws -> String {
            let path = daemon.directory.appendingPathComponent("\(name).sxp").path
            try TestDomains.configText(name: name, onPowerOff: onPowerOff).write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }
    }

    static func withSession(_ transport: Transport, _ body: (Session) async throws -> Void) async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        try await body(Session(daemon: daemon, transport: transport))
    }

    @Test("info, list, domain, dmesg and log, as text and JSON", arguments: Transport.allCases)
    func readCommands(transport: Transport) async throws {
        try await Self.withSession(transport) { session in
            let info = try await session.ok("info")
            #expect(info.contains("xend_config_format     : 4\n"))
            #expect(info.hasPrefix("host                   : "))
            let infoJSON = try JSONSerialization.jsonObject(with: Data(try await session.ok("--json", "info").utf8))
            #expect((infoJSON as? [String: Any])?["xend_config_format"] as? Int == 4)

            let list = try await session.ok("list")
            let lines = list.split(separator: "\n")
            #expect(lines.first == "Name                                        ID   Mem VCPUs      State   Time(s)")
            #expect(lines.contains { $0.hasPrefix("Domain-0                                     0 ") })
            let listJSON = try JSONSerialization.jsonObject(with: Data(try await session.ok("list", "--json").utf8))
            #expect((listJSON as? [[String: Any]])?.contains { $0["name"] as? String == "Domain-0" } == true)

            let dom0 = try await session.ok("domain", "Domain-0")
            #expect(dom0.hasPrefix("(domain (domid 0)"))
            let dom0JSON = try JSONSerialization.jsonObject(
                with: Data(try await session.ok("domain", "0", "--json").utf8))
            #expect((dom0JSON as? [String: Any])?["name"] as? String == "Domain-0")

            let dmesg = try await session.ok("dmesg")
            #expect(!dmesg.isEmpty)
            let dmesgJSON = try JSONSerialization.jsonObject(with: Data(try await session.ok("dmesg", "--json").utf8))
            #expect((dmesgJSON as? [String: Any])?["text"] as? String == dmesg)
            try await session.ok("dmesg", "--clear")
            #expect(try await session.ok("dmesg").count < dmesg.count)
            let log = try await session.ok("log")
            #expect(log.contains("GET"))
            let logJSON = try JSONSerialization.jsonObject(with: Data(try await session.ok("log", "--json").utf8))
            #expect((logJSON as? [String: Any])?["text"] is String)
        }
    }

    @Test("create, control and destroy a domain", arguments: Transport.allCases)
    func lifecycle(transport: Transport) async throws {
        try await Self.withSession(transport) { session in
            let name = TestDomains.uniqueName("cli")
            let created = try await session.ok("create", try session.configFile(name, onPowerOff: "preserve"))
            #expect(created.hasPrefix("Created domain \(name) (id "))
            let row = try await session.ok("list").split(separator: "\n").first { $0.hasPrefix(name + " ") }
            let columns = try #require(row).split(separator: " ")
            #expect(columns[2] == "256")
            #expect(columns[3] == "2")

            try await session.ok("pause", name)
            #expect(try await session.ok("domain", name).contains("(state --p---)"))
            try await session.ok("unpause", name)
            try await session.ok("mem-max", name, "1G")
            try await session.ok("mem-set", name, "512M")
            let record = try await session.ok("domain", name)
            #expect(record.contains("(maxmem 1024)"))
            #expect(record.contains("(memory 512)"))
            try await session.ok("mem-set", name, "393216K")
            #expect(try await session.ok("domain", name).contains("(memory 384)"))

            try await session.ok("vcpu-pin", name, "1", "all")
            #expect(try await session.ok("vcpu-list", name).split(separator: "\n")[2].hasSuffix("  0-7"))
            try await session.ok("vcpu-set", name, "1")
            try await session.ok("vcpu-pin", name, "0", "0")
            let vcpus = try await session.ok("vcpu-list", name)
            #expect(vcpus.hasPrefix("Name                                ID  VCPU   CPU  State   Time(s)  Affinity\n"))
            #expect(vcpus.split(separator: "\n").count == 3)
            let vcpuJSON = try JSONSerialization.jsonObject(
                with: Data(try await session.ok("vcpu-list", name, "--json").utf8))
            #expect(vcpuJSON is [String: Any])

            let disk = try await session.ok("block-attach", name, "phy:/dev/vg0/extra", "xvdb", "r")
            #expect(Int(disk.trimmingCharacters(in: .newlines)) != nil)
            #expect(try await session.ok("domain", name).contains("phy:/dev/vg0/extra"))
            try await session.ok("block-detach", name, "xvdb")
            #expect(!(try await session.ok("domain", name).contains("phy:/dev/vg0/extra")))
            let nic = try await session.ok("network-attach", name, "--mac", "00:16:3e:01:02:03", "--bridge", "xenbr1")
            let nicID = nic.trimmingCharacters(in: .newlines)
            #expect(try await session.ok("domain", name).contains("00:16:3e:01:02:03"))
            try await session.ok("network-detach", name, nicID)

            try await session.ok("sysrq", name, "s")
            try await session.ok("reboot", name)
            let renamed = TestDomains.uniqueName("clirenamed")
            try await session.ok("rename", name, renamed)
            try await session.ok("shutdown", "--reason", "halt", renamed)
            try await session.ok("destroy", renamed)

            let held = TestDomains.uniqueName("clipaused")
            #expect(
                try await session.ok("create", "--paused", try session.configFile(held)).hasPrefix(
                    "Created domain \(held)"))
            #expect(try await session.ok("domain", held).contains("(state --p---)"))
            let gone = try await session.run("domain", renamed)
            #expect(gone.status == 3)
            #expect(gone.stderr.hasPrefix("xendctl: no such domain '\(renamed)'"))
        }
    }

    @Test("save and restore, new, start and delete", arguments: Transport.allCases)
    func saveRestoreManaged(transport: Transport) async throws {
        try await Self.withSession(transport) { session in
            let name = TestDomains.uniqueName("clisave")
            try await session.ok("create", try session.configFile(name))
            let image = session.daemon.saveDirectory + "/\(name).save"
            try await session.ok("save", name, image)
            #expect(FileManager.default.fileExists(atPath: image))
            #expect(try await session.run("domain", name).status == 3)
            let restored = try await session.ok("restore", image)
            #expect(restored.hasPrefix("Restored domain \(name) (id "))
            try await session.ok("destroy", name)

            let managed = TestDomains.uniqueName("climanaged")
            #expect(try await session.ok("new", try session.configFile(managed)) == "Defined domain \(managed)\n")
            #expect(try await session.ok("list").contains(managed))
            try await session.ok("start", managed)
            try await session.ok("destroy", managed)
            try await session.ok("delete", managed)
            #expect(try await session.run("domain", managed).status == 3)
        }
    }

    @Test("failures: unknown domain 3, refused operation 1", arguments: Transport.allCases)
    func failures(transport: Transport) async throws {
        try await Self.withSession(transport) { session in
            for command in [
                ["mem-set", "nosuch", "128"], ["vcpu-list", "nosuch"], ["destroy", "4242"], ["domain", "nosuch"],
            ] {
                let result = try await XendctlProcess.run(
                    ["--connect", session.daemon.connectArgument(transport)] + command)
                #expect(result.status == 3, "\(command)")
                #expect(result.stderr.hasPrefix("xendctl: no such domain '\(command[1])'"), "\(command)")
            }
            let unknown = try await session.run("pause", "nosuch")
            #expect(unknown.status == 3)
            #expect(unknown.stdout.isEmpty)
            #expect(unknown.stderr.hasPrefix("xendctl: no such domain 'nosuch'"))
            let refused = try await session.run("pause", "Domain-0")
            #expect(refused.status == 1)
            #expect(refused.stderr == "xendctl: Cannot pause privileged domain 0 (HTTP 500)\n")
            let restore = try await session.run("restore", session.daemon.saveDirectory + "/absent.save")
            #expect(restore.status == 1)
            #expect(restore.stderr.contains("absent.save"))
        }
    }

    @Test(
        "save and restore draw progress on a terminal and nothing otherwise",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pty")
    )
    func progressOnTerminal() async throws {
        try await Self.withSession(.unix) { session in
            let name = TestDomains.uniqueName("clipty")
            try await session.ok("create", try session.configFile(name))
            let image = session.daemon.saveDirectory + "/\(name).save"
            let xendctl = try #require(XendctlProcess.executable).path
            // script(1) gives xendctl a pseudo-terminal; everything written to it lands in the typescript.
            let typescript = session.daemon.directory.appendingPathComponent("typescript").path
            let command = "\(xendctl) --connect \(session.daemon.connectArgument(.unix)) save \(name) \(image)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-q", "-e", "-c", command, typescript]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let drawn = try String(contentsOfFile: typescript, encoding: .utf8)
            #expect(drawn.contains("\rSaving \(name) | 0s"))
            #expect(drawn.contains("\r\u{1B}[K"))
            // Through a pipe (not a terminal) the same command is silent on stderr.
            let restored = try await session.run("restore", image)
            #expect(restored.status == 0)
            #expect(restored.stderr.isEmpty)
        }
    }

    @Test("pci-attach, pci-detach, usb-add, usb-del and sched-credit2 against the simulated host")
    func passthrough() async throws {
        try await Self.withSession(.unix) { session in
            let name = TestDomains.uniqueName("clipci")
            try await session.ok("create", try session.configFile(name))
            try await session.ok("pci-attach", name, "0000:00:10.0")
            #expect(try await session.ok("domain", name).contains("(slot 0x10)"))
            try await session.ok("pci-detach", name, "00:10.0")
            #expect(!(try await session.ok("domain", name).contains("(slot 0x10)")))
            let again = try await session.run("pci-detach", name, "00:10.0")
            #expect(again.status == 1)
            #expect(again.stderr.contains("Cannot detach when pci platform does not exist"))

            let hvm = TestDomains.uniqueName("cliusb")
            let config = daemon(session).directory.appendingPathComponent("\(hvm).sxp").path
            try "(vm (name \(hvm)) (memory 64) (image (hvm (kernel /usr/lib/xen/boot/hvmloader) (usb 1))))".write(
                toFile: config, atomically: true, encoding: .utf8)
            try await session.ok("create", config)
            try await session.ok("usb-add", hvm, "host:1.2")
            let twice = try await session.run("usb-add", hvm, "host:1.2")
            #expect(twice.status == 1)
            #expect(twice.stderr.contains("USB device host:1.2 is already attached"))
            try await session.ok("usb-del", hvm, "host:1.2")
            let pv = try await session.run("usb-add", name, "host:1.2")
            #expect(pv.stderr.contains("usb disabled in configure file"))

            // The simulated daemon runs the credit scheduler: credit2 is refused as libxc refused it.
            let credit2 = try await session.run("sched-credit2", name, "--weight", "512")
            #expect(credit2.status == 1)
            #expect(credit2.stderr.contains("(22, 'Invalid argument')"))
        }
    }

    private func daemon(_ session: Session) -> XendDaemon { session.daemon }

    @Test(
        "XEND_TOKEN and XEND_TLS_CA reach a TCP daemon that needs them",
        .enabled(if: SelfSignedCertificate.openssl != nil, "needs openssl for a certificate")
    )
    func tokenAndTLS() async throws {
        let daemon = try await XendDaemon.start(token: "cli-token", tls: true)
        defer { daemon.stop() }
        let connect = ["--connect", daemon.connectArgument(.tcp)]
        let trusted = ["XEND_TLS_CA": daemon.certificateFile]
        let refused = try await XendctlProcess.run(connect + ["info"], environment: trusted)
        #expect(refused.status == 1)
        #expect(refused.stderr == "xendctl: authentication required (HTTP 401)\n")
        let accepted = try await XendctlProcess.run(
            connect + ["list"], environment: trusted.merging(["XEND_TOKEN": "cli-token"]) { a, _ in a })
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("Domain-0"))
        let untrusted = try await XendctlProcess.run(connect + ["list"], environment: ["XEND_TOKEN": "cli-token"])
        #expect(untrusted.status == 1)
        #expect(untrusted.stdout.isEmpty)
        #expect(untrusted.stderr.contains("closed the connection without a reply"))
    }
}
