import Foundation
import Testing

/// `xendctl`'s argument types: what each accepts reaches the connection step (exit 4, no daemon
/// listens), what it refuses is a usage error (exit 2) before anything is sent.
@Suite("xendctl argument types", .enabled(if: XendctlProcess.executable != nil, "needs the built xendctl"))
struct XendctlArgumentTests {
    static let absent = ["--connect", "unix:/tmp/xendctl-absent-arguments.sock"]

    @Test(
        "accepted arguments get as far as connecting",
        arguments: [
            ["pause", "vm1"], ["pause", "0"], ["pause", "6E5A2F0C-1D2B-4C3D-8E9F-0A1B2C3D4E5F"],
            ["pause", "a.b:c+d-e_f"], ["shutdown", "vm1", "--reason", "halt"], ["shutdown", "--reason", "crash", "3"],
            ["rename", "vm1", "vm-2"], ["sysrq", "vm1", "s"], ["vcpu-pin", "vm1", "0", "0,2-3"],
            ["vcpu-pin", "vm1", "1", "all"], ["mem-set", "vm1", "1GiB"],
            ["block-attach", "vm1", "phy:/x", "xvdb", "w!"],
            ["network-attach", "vm1", "--mac", "00-16-3E-01-02-03"],
            ["pci-attach", "vm1", "0000:00:10.0"], ["pci-detach", "vm1", "03:1f.7"],
            ["usb-add", "vm1", "host:1.2"], ["usb-del", "vm1", "host:0627:0001"], ["sched-credit2", "vm1"],
            ["sched-credit2", "vm1", "--weight", "512"],
        ])
    func accepted(arguments: [String]) async throws {
        let result = try await XendctlProcess.run(Self.absent + arguments)
        #expect(result.status == 4, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("xendctl: cannot connect to xend"), "\(arguments)")
    }

    @Test(
        "refused arguments are usage errors naming the argument",
        arguments: [
            (["pause", "bad name!"], "'<domain>'"), (["pause", ""], "'<domain>'"),
            (["shutdown", "vm1", "--reason", "watchdog"], "'--reason <reason>'"),
            (["shutdown", "vm1", "--reason", "powerOff"], "'--reason <reason>'"),
            (["rename", "vm1", "new name"], "'<new-name>'"), (["sysrq", "vm1", "sb"], "'<key>'"),
            (["sysrq", "vm1", ""], "'<key>'"), (["vcpu-pin", "vm1", "0", "0-"], "'<cpus>'"),
            (["vcpu-pin", "vm1", "0", "[0,2]"], "'<cpus>'"), (["mem-set", "vm1", "0"], "'<size>'"),
            (["network-attach", "vm1", "--mac", "00:16:3e:01:02"], "'--mac <mac>'"),
            (["pci-attach", "vm1", "00:20.0"], "'<function>'"), (["usb-add", "vm1", "tablet"], "'<device>'"),
        ] as [([String], String)])
    func refused(arguments: [String], named: String) async throws {
        let result = try await XendctlProcess.run(Self.absent + arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("is invalid for \(named)"), "\(arguments): \(result.stderr)")
    }

    @Test("the shutdown reasons offered are op=shutdown's, in xend's order")
    func shutdownReasons() async throws {
        let help = try await XendctlProcess.run(["shutdown", "--help"])
        #expect(help.status == 0)
        let flattened = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flattened.contains("(values: poweroff, reboot, halt, suspend, crash; default: poweroff)"))
        let refused = try await XendctlProcess.run(Self.absent + ["shutdown", "vm1", "--reason", "soft_reset"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("'poweroff', 'reboot', 'halt', 'suspend' or 'crash'"))
    }
}
