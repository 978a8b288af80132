import Glibc
import XendModel

@testable import Hypervisor

/// Connects as ``PlainMigrationConnector`` does, but relays the sender's bytes through a socket pair and
/// damages them on the way, `offset` bytes in: one byte flipped, or the stream cut there (the receiver
/// then sees the end of the connection, while the sender's remaining bytes are read and dropped). The
/// receiver's answers reach the sender unchanged.
struct DamagingConnector: MigrationConnector {
    enum Damage: Sendable, CaseIterable {
        case flip, cut
    }

    let damage: Damage
    let offset: Int

    func connect(to host: String, port: Int) throws(XendError) -> MigrationChannel {
        let upstream = try MigrationChannel.connect(to: host, port: port)
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else {
            upstream.close()
            throw .migrationFailed("socketpair failed")
        }
        let (sender, relay, receiver) = (pair[0], pair[1], upstream.descriptor)
        let (damage, offset) = (self.damage, self.offset)
        try DetachedThread.start(name: "test-damage-up") {
            var buffer = [UInt8](repeating: 0, count: 65536)
            var position = 0
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(relay, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                var forward = count
                if position <= offset && offset < position + count {
                    switch damage {
                    case .flip: buffer[offset - position] ^= 0x5A
                    case .cut:
                        forward = offset - position
                        Self.sendAll(buffer, count: forward, to: receiver)
                        shutdown(receiver, Int32(SHUT_WR))
                    }
                }
                if damage == .cut && position + count > offset {
                    position += count
                    continue
                }
                Self.sendAll(buffer, count: forward, to: receiver)
                position += count
            }
            shutdown(receiver, Int32(SHUT_WR))
        }
        try DetachedThread.start(name: "test-damage-down") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(receiver, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { break }
                Self.sendAll(buffer, count: count, to: relay)
            }
            shutdown(relay, Int32(SHUT_WR))
        }
        return MigrationChannel(descriptor: sender)
    }

    private static func sendAll(_ buffer: [UInt8], count: Int, to descriptor: Int32) {
        var sent = 0
        while sent < count {
            let done = buffer.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL))
            }
            guard done > 0 else { return }
            sent += done
        }
    }
}
