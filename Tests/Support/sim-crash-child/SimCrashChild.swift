import FoundationEssentials
import Glibc
import Hypervisor
import Logging
import SExpression
import SimulatedHost
import XendModel

/// Helper for the crash-safety test of the simulated host's state directory.
///
/// `sim-crash-child <state-dir> <seed>` performs random operations on managed and live domains for ever,
/// with durable writes, and prints a line before (`begin ...`) and after (`ack ...`) each change to a
/// managed domain. The test kills it with SIGKILL at random moments and checks that everything acknowledged
/// survived. Lines go straight to the file descriptor, so none sit in a buffer when the kill comes.
@main
enum SimCrashChild {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
            say("usage: sim-crash-child <state-dir> <seed>")
            exit(2)
        }
        var configuration = SimulatedHypervisor.Configuration()
        configuration.stateDirectory = arguments[1]
        configuration.host.totalMemory = .mebibytes(1 << 20)
        var logger = Logger(label: "sim-crash-child")
        logger.logLevel = .critical
        let host = try SimulatedHypervisor(configuration: configuration, logger: logger)
        if !host.loadProblems.isEmpty {
            say("problems \(host.loadProblems)")
            exit(3)
        }
        var random = seed | 1
        func next(_ bound: UInt64) -> UInt64 {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return random % bound
        }
        say("ready")
        var counter = 0
        while true {
            counter += 1
            // Every domain but Domain-0 is a managed one this child defined.
            let defined = ((try? host.domainRecords()) ?? []).filter { $0.domainID != 0 }
            let memory = 16 + next(4096)
            switch next(6) {
            case 0, 1:
                let name = "c\(seed)-\(counter)"
                let config = try VMConfig(SExpression.parse("(vm (name \(name)) (memory \(memory)))"))
                var withUUID = config
                withUUID.uuid = randomUUID(next)
                say("begin define \(withUUID.uuid!.xendString) \(memory)")
                try host.defineDomain(withUUID)
                say("ack define \(withUUID.uuid!.xendString) \(memory)")
            case 2:
                guard !defined.isEmpty else { continue }
                let victim = defined[Int(next(UInt64(defined.count)))]
                guard victim.domainID == nil else { continue }
                var config = try VMConfig(SExpression.parse("(vm (name \(victim.name)) (memory \(memory)))"))
                config.uuid = victim.uuid
                say("begin define \(victim.uuid.xendString) \(memory)")
                try host.defineDomain(config)
                say("ack define \(victim.uuid.xendString) \(memory)")
            case 3:
                guard let victim = defined.first(where: { $0.domainID == nil }) else { continue }
                say("begin delete \(victim.uuid.xendString)")
                try host.deleteDomain(victim.uuid)
                say("ack delete \(victim.uuid.xendString)")
            case 4:
                if let inactive = defined.first(where: { $0.domainID == nil }) {
                    _ = try? host.startDomain(inactive.uuid)
                }
            default:
                if let running = defined.first(where: { $0.domainID != nil }), let id = running.domainID {
                    if next(2) == 0 {
                        try? host.setMemoryTarget(.mebibytes(8 + next(64)), for: id)
                    } else {
                        try? host.destroy(id)
                    }
                }
            }
        }
    }

    static func randomUUID(_ next: (UInt64) -> UInt64) -> UUID {
        let hex = (0..<32).map { _ in String(next(16), radix: 16) }.joined()
        return UUID(xendString: hex)!
    }

    /// Writes one line to stdout with a single `write`, unbuffered.
    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
    }
}
