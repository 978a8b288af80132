import ArgumentParser
import XendClientKit
import XendModel

/// `xendctl vcpu-set NAME COUNT`.
struct VCPUSet: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "vcpu-set", abstract: "Set how many VCPUs are online.")
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The number of VCPUs.") var count: Int

    func validate() throws {
        guard count >= 1 else { throw ValidationError("the VCPU count must be at least 1") }
    }

    func run(with xend: XendClient) async throws { try await xend.setVCPUs(count, for: domain) }
}

/// `xendctl vcpu-pin NAME VCPU CPUS`.
struct VCPUPin: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcpu-pin",
        abstract: "Pin a VCPU to physical CPUs."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference
    @Argument(help: "The VCPU number.") var vcpu: Int
    @Argument(help: "The physical CPUs: a list such as 0,2-3, or 'all'.") var cpus: CPUSelection

    func validate() throws {
        guard vcpu >= 0 else { throw ValidationError("the VCPU number must be 0 or more") }
    }

    func run(with xend: XendClient) async throws {
        let list: [Int]
        switch cpus {
        case .all: list = Array(0..<(try await xend.node().cpuCount))
        case .list(let cpus): list = cpus
        }
        try await xend.pin(vcpu: vcpu, of: domain, to: list)
    }
}

/// `xendctl vcpu-list NAME`.
struct VCPUList: ClientCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcpu-list",
        abstract: "List a domain's VCPUs: CPU, state (r running, b blocked, p offline), time and affinity."
    )
    @OptionGroup var options: GlobalOptions
    @ParentCommand var root: Xendctl
    @Argument(help: "The domain: name, id or UUID.", completion: DomainNameCompletion.kind) var domain: DomainReference

    func run(with xend: XendClient) async throws {
        let reply = try await xend.vcpuInfo(domain)
        if global.json {
            try JSONOutput.print(reply)
            return
        }
        print(
            "Name".leftAligned(32) + "ID".rightAligned(6) + "VCPU".rightAligned(6) + "CPU".rightAligned(6)
                + "State".rightAligned(7) + "Time(s)".rightAligned(10) + "  Affinity"
        )
        let id = reply.domainID.map(\.description) ?? "-"
        for vcpu in reply.vcpus {
            let state = vcpu.isRunning ? "r" : vcpu.isBlocked ? "b" : vcpu.isOnline ? "-" : "p"
            let cpu = vcpu.cpu < 0 ? "-" : String(vcpu.cpu)
            let time = (vcpu.cpuTime.value * 10).rounded() / 10
            print(
                reply.name.rawValue.leftAligned(32) + id.rightAligned(6) + String(vcpu.number).rightAligned(6)
                    + cpu.rightAligned(6) + state.rightAligned(7) + String(time).rightAligned(10) + "  "
                    + Self.ranges(vcpu.cpumap)
            )
        }
    }

    /// `0-3,6` for [0, 1, 2, 3, 6]; `none` for an empty map.
    static func ranges(_ cpus: [Int]) -> String {
        let sorted = Set(cpus).sorted()
        guard var start = sorted.first else { return "none" }
        var parts: [String] = []
        var previous = start
        for cpu in sorted.dropFirst() {
            if cpu == previous + 1 {
                previous = cpu
                continue
            }
            parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
            start = cpu
            previous = cpu
        }
        parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
        return parts.joined(separator: ",")
    }
}
