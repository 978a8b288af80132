import Foundation
import Testing

/// `xendctl` without a daemon: help text, usage errors, connection failures, bad files.
@Suite("xendctl usage and errors", .enabled(if: XendctlProcess.executable != nil, "needs the built xendctl"))
struct XendctlUsageTests {
    @Test("prints the exact root help")
    func rootHelp() async throws {
        let result = try await XendctlProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout == Self.rootHelp)
    }

    @Test("usage errors exit 2 with the message on stderr")
    func usage() async throws {
        for arguments in [
            ["frobnicate"], ["--connect", "ftp:x", "list"], ["mem-set", "vm1", "lots"], ["pause"],
            ["vcpu-set", "vm1", "0"], ["network-attach", "vm1", "--mac", "nope"],
            ["block-attach", "vm1", "phy:/x", "xvdb", "rw"],
        ] {
            let result = try await XendctlProcess.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains("Error:"), "\(arguments)")
        }
    }

    @Test("a daemon that is not running exits 4 and names the endpoint")
    func notRunning() async throws {
        let path = "/tmp/xendctl-absent-\(UUID().uuidString.prefix(8)).sock"
        let result = try await XendctlProcess.run(["--connect", "unix:\(path)", "list"])
        #expect(result.status == 4)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "xendctl: cannot connect to xend: tried unix:\(path) (No such file or directory)\n")
        try await FreePort.withRefusingPort { port in
            let tcp = try await XendctlProcess.run(["--connect", "tcp:127.0.0.1:\(port)", "info"])
            #expect(tcp.status == 4)
            #expect(tcp.stderr == "xendctl: cannot connect to xend: tried tcp:127.0.0.1:\(port) (Connection refused)\n")
        }
    }

    @Test("a bad config file exits 2 before anything is sent")
    func badConfigFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xendctl-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unbalanced = folder.appendingPathComponent("unbalanced.sxp")
        try "(vm (name x) (memory 256)".write(to: unbalanced, atomically: true, encoding: .utf8)
        let nameless = folder.appendingPathComponent("nameless.sxp")
        try "(vm (memory 256))".write(to: nameless, atomically: true, encoding: .utf8)
        // No daemon listens here: a validation failure must come first.
        let connect = "unix:/tmp/xendctl-absent.sock"
        let first = try await XendctlProcess.run(["--connect", connect, "create", unbalanced.path])
        #expect(first.status == 2)
        #expect(first.stderr.hasPrefix("xendctl: \(unbalanced.path): "))
        #expect(first.stderr.contains("unexpected EOF"))
        let second = try await XendctlProcess.run(["--connect", connect, "new", nameless.path])
        #expect(second.status == 2)
        #expect(second.stderr == "xendctl: \(nameless.path): Missing VM Name\n")
        let missing = try await XendctlProcess.run(["--connect", connect, "create", folder.path + "/none.sxp"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "xendctl: cannot read \(folder.path)/none.sxp: No such file or directory\n")
        let directory = try await XendctlProcess.run(["--connect", connect, "create", folder.path])
        #expect(directory.status == 2)
        #expect(directory.stderr == "xendctl: cannot read \(folder.path): Is a directory\n")
    }

    static let rootHelp = """
        OVERVIEW: Manage Xen domains through the xend daemon.

        Connects to the local daemon (the Unix socket /var/lib/xend/xend-socket, then TCP localhost:8000)
        unless --connect names an endpoint. Read commands print JSON with --json. Over TCP, XEND_TOKEN is
        sent as a bearer token and XEND_TLS_CA (a PEM file) turns on TLS.

        Exit status: 0 success, 1 the operation failed, 2 usage error or invalid input, 3 no such domain, 4
        cannot connect to the daemon. Messages go to standard error.

        USAGE: xendctl [--connect <endpoint>] [--json] <subcommand>

        OPTIONS:
          --connect <endpoint>    The daemon's endpoint: unix:PATH or tcp:HOST:PORT (default: the local
                                  socket, then tcp:localhost:8000).
          --json                  Print the result as JSON (read commands).
          -h, --help              Show help information.

        SUBCOMMANDS:
          list                    List domains: Name, ID, memory (MiB), VCPUs, state and CPU time.
          info                    Show the host: CPUs, memory and hypervisor version.
          domain                  Show one domain's record (an S-expression, or JSON with --json).
          create                  Create and start a domain from a (vm ...) S-expression file.
          new                     Define a domain from a (vm ...) file without starting it.
          start                   Start a defined domain.
          delete                  Remove a defined domain that is not running.
          pause                   Pause a domain.
          unpause                 Resume a paused domain.
          shutdown                Ask a domain to shut down.
          reboot                  Ask a domain to reboot.
          destroy                 Stop a domain at once.
          rename                  Rename a domain.
          sysrq                   Send a magic SysRq key to a domain.
          save                    Save a domain to a file on the daemon's host, then destroy it.
          restore                 Restore a domain from a save file on the daemon's host.
          mem-set                 Set a domain's memory target.
          mem-max                 Set a domain's maximum memory.
          vcpu-set                Set how many VCPUs are online.
          vcpu-pin                Pin a VCPU to physical CPUs.
          vcpu-list               List a domain's VCPUs: CPU, state (r running, b blocked, p offline), time
                                  and affinity.
          block-attach            Attach a disk to a domain; prints the new device id.
          block-detach            Detach a disk from a domain.
          network-attach          Attach a network interface to a domain; prints the new device id.
          network-detach          Detach a network interface from a domain.
          pci-attach              Pass a host PCI function through to a domain.
          pci-detach              Take a passed-through PCI function back from a domain.
          usb-add                 Give a host USB device to an HVM domain.
          usb-del                 Take a host USB device back from a domain.
          sched-credit2           Show or set a domain's credit2 scheduler weight.
          dmesg                   Print the hypervisor's console ring.
          log                     Print the daemon's log.

          See 'xendctl help <subcommand>' for detailed help.

        """
}
