import Foundation
import Testing

/// `xendctl`'s shell completions: the scripts, and domain names asked from a real daemon.
@Suite(
    "xendctl completions",
    .needsDaemon,
    .enabled(if: XendctlProcess.executable != nil, "needs the built xendctl")
)
struct XendctlCompletionTests {
    @Test("bash, zsh and fish scripts complete domain arguments through xendctl itself")
    func scripts() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try await XendctlProcess.run(["--generate-completion-script", shell])
            #expect(result.status == 0, "\(shell)")
            #expect(result.stdout.contains("---completion pause -- positional@0"), "\(shell)")
        }
    }

    @Test("a domain argument completes with the daemon's names that start with the word")
    func domainNames() async throws {
        let daemon = try await XendDaemon.start()
        defer { daemon.stop() }
        let connect = daemon.connectArgument(.unix)
        let all = try await XendctlProcess.run(
            ["---completion", "pause", "--", "positional@0", "4", "0", "xendctl", "pause", "--connect", connect, ""])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").contains("Domain-0"))
        let none = try await XendctlProcess.run(
            ["---completion", "pause", "--", "positional@0", "4", "1", "xendctl", "pause", "--connect", connect, "q"])
        #expect(none.stdout.isEmpty)
    }
}
