import FoundationEssentials
import Hypervisor
import InMemoryLogging
import Logging
import SExpression
import SimulatedHost
import Testing
import XendModel

/// A simulated host on a manual clock, with small, round numbers that make assertions easy.
struct TestHost {
    let clock: ManualClock
    let host: SimulatedHypervisor

    init(
        memoryMiB: UInt64 = 4096, domain0MiB: UInt64 = 1024, stateDirectory: String? = nil,
        clock: ManualClock = ManualClock(), logger: Logger? = nil,
        adjust: (inout SimulatedHypervisor.Configuration) -> Void = { _ in }
    ) throws {
        var configuration = SimulatedHypervisor.Configuration()
        configuration.clock = clock
        configuration.host.totalMemory = .mebibytes(memoryMiB)
        configuration.host.domain0Memory = .mebibytes(domain0MiB)
        configuration.stateDirectory = stateDirectory
        configuration.timing.minimumRestartInterval = 0
        configuration.guestLoad = 0.5
        adjust(&configuration)
        self.clock = clock
        var quiet = Logger(label: "test-host")
        quiet.logLevel = .error
        self.host = try SimulatedHypervisor(configuration: configuration, logger: logger ?? quiet)
    }

    /// The `event ...` lines a host logged to `log` (see ``DomainEvent``), in order, without their prefix.
    static func events(in log: InMemoryLogHandler) -> [String] {
        log.entries.map { "\($0.message)" }.filter { $0.hasPrefix("event ") }.map { String($0.dropFirst(6)) }
    }

    /// Parses a `(vm ...)` config.
    static func config(_ text: String) throws -> VMConfig {
        try VMConfig(SExpression.parse(text))
    }

    /// A guest config with the given name and memory.
    static func guest(_ name: String, memory: Int = 256, extra: String = "") throws -> VMConfig {
        try config("(vm (name \(name)) (memory \(memory)) \(extra.contains("(vcpus") ? "" : "(vcpus 2)") \(extra))")
    }

    /// Creates and unpauses a guest; returns its id.
    @discardableResult
    func running(_ name: String, memory: Int = 256, extra: String = "") throws -> DomainID {
        let record = try host.createDomain(TestHost.guest(name, memory: memory, extra: extra))
        let id = try #require(record.domainID)
        try host.unpause(id)
        return id
    }

    func record(_ reference: String) throws -> DomainRecord {
        try host.domain(matching: reference)
    }

    /// Free memory must always be the total minus every live domain's memory.
    func memoryAddsUp() throws -> Bool {
        let node = try host.nodeRecord()
        let used = try host.domainRecords().filter(\.isActive).reduce(Memory.zero) { $0 + $1.memory }
        return node.freeMemory == node.totalMemory - used && node.freeMemory + used == node.totalMemory
    }
}

extension XendError {
    /// For `#expect(throws:)` on messages only.
    static func message(_ text: String) -> XendError { XendError(.operationFailed, text) }
}
