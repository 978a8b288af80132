import ArgumentParser
import Dispatch
import Synchronization
import XendClientKit

/// Completes a domain argument with the names the daemon knows, running or defined. The shell asks
/// on every Tab, so a daemon that is not there costs a refused connection and completes nothing.
enum DomainNameCompletion {
    /// The completion kind domain arguments declare. Synchronous, because `Xendctl.main` parses with
    /// `parseAsRoot()`, which runs only synchronous custom completions.
    static var kind: CompletionKind { .custom(complete) }

    /// Names starting with `prefix`, from the endpoint a `--connect` among `arguments` names, else the
    /// local daemon.
    @Sendable static func complete(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
        var flags: [String] = []
        if let flag = arguments.firstIndex(of: "--connect"), flag + 1 < arguments.count {
            flags = ["--connect", arguments[flag + 1]]
        }
        guard let options = try? GlobalOptions.parse(flags) else { return [] }
        let client = options.makeClient()
        let names = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        Task {
            let running = (try? await client.domains()) ?? []
            let defined = (try? await client.definedDomains()) ?? []
            try? await client.shutdown()
            names.withLock { $0 = (running + defined).map(\.rawValue) }
            done.signal()
        }
        done.wait()
        return Set(names.withLock { $0 }).filter { $0.hasPrefix(prefix) }.sorted()
    }
}
