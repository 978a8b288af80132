import Dispatch
import Glibc
import Synchronization
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

/// A relocation server that follows the conversation up to `go` and then answers with `finalLine`, or
/// with nothing (closes the connection) when it is nil: the receivers a sender must survive.
final class ScriptedMigrationPeer: Sendable {
    let port: Int
    private let listener: Int32
    private let heardGo = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    init(finalLine: String?) throws {
        let (fd, boundPort) = try LoopbackListener.open()
        listener = fd
        port = boundPort
        try DetachedThread.start(name: "test-peer") { [self] in
            let channel = MigrationChannel(descriptor: accept(fd, nil, nil))
            defer {
                channel.close()
                finished.signal()
            }
            do throws(XendError) {
                guard try channel.readLine() == MigrationChannel.receiveRequest else { return }
                try channel.send(line: MigrationChannel.receiving)
                let image = try SimulatedHypervisor.readImage(from: channel, memoryImageLimit: 1 << 30)
                try GuestMemoryStream(image: image).receive(over: channel)
                try channel.send(line: MigrationChannel.ready)
                try channel.expect(MigrationChannel.go)
                heardGo.withLock { $0 = true }
                if let finalLine { try channel.send(line: finalLine) }
            } catch {
                return
            }
        }
    }

    deinit { close(listener) }

    /// Whether the sender got as far as `go`, once the peer finished (10 s at most).
    func sawGo() throws -> Bool {
        try #require(finished.wait(timeout: .now() + 10) == .success, "the peer did not finish")
        return heardGo.withLock { $0 }
    }
}

extension GuestMemoryStream {
    /// The memory stream that follows `image` in a migration, from the uuid and memory target it records.
    init(image: SaveImage) throws(XendError) {
        guard let uuid = try VMConfig(parsing: image.configText).uuid,
            let kibibytes = image.guestState["memory_target_kib"].flatMap(UInt64.init)
        else { throw .migrationFailed("no uuid or memory target in the image") }
        self.init(uuid: uuid.xendString, byteCount: kibibytes * 1024)
    }
}
