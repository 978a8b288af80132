import Dispatch
import Glibc
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

/// What each side does with its copy of the guest when the last step of a migration (`go`, then `done`)
/// goes wrong: never may both copies run.
@Suite("Simulated host: migration after go")
struct MigrationHandoverTests {
    @Test("a receiver that goes silent after go: the sender keeps its guest paused and says where it may run")
    func silentReceiverLeavesGuestPaused() throws {
        let source = try TestHost()
        let peer = try ScriptedMigrationPeer(finalLine: nil)
        let id = try source.running("a", memory: 16)
        let failure = try #require(throws: XendError.self) {
            try source.host.migrate(id, to: "127.0.0.1", port: peer.port, live: true)
        }
        #expect(try peer.sawGo())
        #expect(failure.message.hasPrefix("Migration failed: the connection closed early"))
        #expect(
            failure.message.hasSuffix("the guest is left paused here and may be running at 127.0.0.1:\(peer.port)"))
        let kept = try source.record("a")
        #expect(kept.state?.contains(.paused) == true)
        #expect(kept.status != .running)
        #expect(try source.memoryAddsUp())
    }

    @Test("a receiver that answers error after go: the sender runs its guest again")
    func refusingReceiverGetsGuestResumed() throws {
        let source = try TestHost()
        let peer = try ScriptedMigrationPeer(finalLine: "error boom")
        let id = try source.running("a", memory: 16)
        #expect(throws: XendError.migrationFailed("boom")) {
            try source.host.migrate(id, to: "127.0.0.1", port: peer.port, live: true)
        }
        #expect(try peer.sawGo())
        let back = try source.record("a")
        #expect(back.status == .running)
        #expect(back.state.map { $0.isDisjoint(with: [.paused, .shutdown, .crashed, .dying]) } == true)
        #expect(try source.memoryAddsUp())
    }

    @Test("a receiver that cannot send done: the incoming guest stays, paused, and the error says so")
    func receiverWithoutDoneKeepsGuestPaused() throws {
        signal(SIGPIPE, SIG_IGN)
        let bytes = try #require(try? AtomicFile.readAll(RelocationFuzzSeedTests.corpus + "migration-then-go"))
        let image = Array(bytes.dropLast(MigrationChannel.go.utf8.count + 1))
        let test = try TestHost()
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let sender = MigrationChannel(descriptor: pair[0])
        defer { sender.close() }
        try sender.send(image)
        // The sender hears `ready`, stops reading (so `done` cannot be delivered), then says `go`.
        let peerDone = DispatchSemaphore(value: 0)
        try DetachedThread.start(name: "test-sender") {
            defer { peerDone.signal() }
            guard (try? sender.readLine()) == MigrationChannel.ready else { return }
            shutdown(sender.descriptor, Int32(SHUT_RD))
            try? sender.send(line: MigrationChannel.go)
        }
        let channel = MigrationChannel(descriptor: pair[1])
        defer { channel.close() }
        let failure = try #require(throws: XendError.self) { try test.host.receiveMigration(over: channel) }
        #expect(peerDone.wait(timeout: .now() + 10) == .success)
        #expect(failure.message.contains("domain fuzz1 is left paused here"))
        let incoming = try test.record("fuzz1")
        #expect(incoming.state?.contains(.paused) == true)
        #expect(incoming.status != .running)
        #expect(try test.memoryAddsUp())
    }
}
