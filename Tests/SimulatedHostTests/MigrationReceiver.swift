import Dispatch
import Glibc
import Synchronization
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

/// A relocation server for one migration, into `host`: listens on a free loopback port, takes one
/// connection on a thread of its own, answers the request and hands the channel to `receiveMigration`.
final class MigrationReceiver: Sendable {
    let port: Int
    private let listener: Int32
    private let outcome = Mutex<Result<DomainRecord, XendError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)

    init(_ host: SimulatedHypervisor) throws {
        let (fd, boundPort) = try LoopbackListener.open()
        listener = fd
        port = boundPort
        try DetachedThread.start(name: "test-receiver") { [self] in
            let connection = accept(fd, nil, nil)
            let channel = MigrationChannel(descriptor: connection)
            defer { channel.close() }
            let result = Result { () throws(XendError) -> DomainRecord in
                guard try channel.readLine() == MigrationChannel.receiveRequest else {
                    throw XendError(.operationFailed, "no receive request")
                }
                try channel.send(line: MigrationChannel.receiving)
                return try host.receiveMigration(over: channel)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    deinit { close(listener) }

    /// What the receiver made of the migration, once it finished (10 s at most).
    func result() throws -> Result<DomainRecord, XendError> {
        try #require(finished.wait(timeout: .now() + 10) == .success, "the receiver did not finish")
        return try #require(outcome.withLock { $0 })
    }
}
