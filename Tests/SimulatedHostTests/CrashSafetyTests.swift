import Dispatch
import FoundationEssentials
import Glibc
import Logging
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

/// Runs `sim-crash-child` on one state directory, kills it with SIGKILL at random moments, and after
/// each kill checks that the store loads cleanly and holds every acknowledged managed domain.
@Suite("Simulated host: crash safety of the state directory")
struct CrashSafetyTests {
    /// The child executable, built beside the test bundle.
    static var childPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable =
            length > 0 ? String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return String(executable[..<(executable.lastIndex(of: "/") ?? executable.startIndex)]) + "/sim-crash-child"
    }

    @Test("200 SIGKILLs at random moments never lose an acknowledged managed domain", .timeLimit(.minutes(3)))
    func killedAtRandomMoments() throws {
        let directory = try TemporaryDirectory()
        #expect(access(Self.childPath, X_OK) == 0, "missing \(Self.childPath)")
        var expected: [String: UInt64] = [:]  // uuid → memory MiB of the last acknowledged define
        var random = SeededGenerator(state: 0x5EED_CAFE)
        var acknowledged = 0
        let started = DispatchTime.now().uptimeNanoseconds
        var kills = 0
        while kills < 200 && DispatchTime.now().uptimeNanoseconds - started < 50_000_000_000 {
            kills += 1
            let lines = try runChild(
                directory: directory.path, seed: UInt64(kills), acks: Int.random(in: 0...4, using: &random),
                extraMicroseconds: UInt32.random(in: 0...4000, using: &random))
            // The last `begin` without its `ack` may or may not have happened.
            var inFlight: (uuid: String, memory: UInt64?)? = nil
            for line in lines {
                let words = line.split(separator: " ").map(String.init)
                switch (words.first, words.count) {
                case ("begin", 4): inFlight = (words[2], UInt64(words[3]))
                case ("begin", 3): inFlight = (words[2], nil)
                case ("ack", 4):
                    expected[words[2]] = UInt64(words[3])
                    inFlight = nil
                    acknowledged += 1
                case ("ack", 3):
                    expected[words[2]] = nil
                    inFlight = nil
                    acknowledged += 1
                case ("ready", _): break
                default: Issue.record("child said: \(line)")
                }
            }
            var configuration = SimulatedHypervisor.Configuration()
            configuration.stateDirectory = directory.path
            configuration.host.totalMemory = .mebibytes(1 << 20)
            var logger = Logger(label: "crash-test")
            logger.logLevel = .critical
            let host = try SimulatedHypervisor(configuration: configuration, logger: logger)
            #expect(host.loadProblems.isEmpty, "after kill \(kills): \(host.loadProblems)")
            // The stored configs themselves (a started domain's live memory may differ from its config).
            var found: [String: UInt64] = [:]
            for (uuid, config) in try SimulatedHostStore(directory: directory.path, durable: false).load().managed {
                found[uuid.xendString] = config.memory?.inMebibytes
            }
            // Every domain but Domain-0 is a managed one the child defined.
            #expect(try host.domainRecords().filter { $0.domainID != 0 }.count == found.count)
            if let inFlight {
                // Accept either outcome of the interrupted operation, then carry on from what is on disk.
                let before = expected[inFlight.uuid]
                let after = inFlight.memory
                #expect(found[inFlight.uuid] == before || found[inFlight.uuid] == after)
                expected[inFlight.uuid] = found[inFlight.uuid]
            }
            #expect(found == expected, "after kill \(kills)")
            if found != expected { break }
        }
        #expect(kills >= 50, "only \(kills) kills fitted in the time budget")
        #expect(acknowledged > kills / 2, "the child acknowledged too little to test anything")
        print(
            "crash safety: \(kills) kills, \(acknowledged) acknowledged operations, \(expected.count) managed domains")
    }

    /// Starts the child, waits for `acks` acknowledgements plus `extraMicroseconds`, kills it with
    /// SIGKILL and returns every line it printed.
    private func runChild(directory: String, seed: UInt64, acks: Int, extraMicroseconds: UInt32) throws -> [String] {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw XendError.message("pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let arguments = [Self.childPath, directory, String(seed)]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.childPath, &actions, nil, &argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            throw XendError.message("posix_spawn failed: \(spawned)")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func countAcks() -> Int {
            output.split(separator: UInt8(ascii: "\n")).filter { $0.starts(with: Array("ack".utf8)) }.count
        }
        func sawReady() -> Bool { output.starts(with: Array("ready".utf8)) }
        while !sawReady() || countAcks() < acks {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        usleep(extraMicroseconds)
        kill(pid, SIGKILL)
        while true {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        close(pipeEnds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // A partial last line was cut by the kill: drop it.
        var text = String(decoding: output, as: UTF8.self)
        if !text.hasSuffix("\n"), let newline = text.lastIndex(of: "\n") {
            text = String(text[...newline])
        } else if !text.hasSuffix("\n") {
            text = ""
        }
        return text.split(separator: "\n").map(String.init)
    }
}
