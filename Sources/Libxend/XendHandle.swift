import Dispatch
import NIOPosix
import Synchronization
import XendClientKit

/// What a C `struct xend *` points to: one ``XendClient`` and the event-loop thread it runs on.
///
/// Each handle owns its thread, so ``close()`` can join it: `xend_delete` leaves no thread, descriptor or
/// memory behind, and separate handles never share state, so different C threads may use them at once.
final class XendHandle: Sendable {
    let client: XendClient
    private let group: MultiThreadedEventLoopGroup
    private let executor: EventLoopTaskExecutor

    /// Makes a client for `endpoints` on a new one-thread event-loop group. Nothing is contacted yet.
    init(endpoints: [XendClient.Endpoint]) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = EventLoopTaskExecutor(group.next())
        // A C program reuses its struct xend for many calls: keep one connection open between them.
        var configuration = XendClient.Configuration()
        configuration.keepsConnectionsAlive = true
        client = XendClient(endpoints: endpoints, configuration: configuration, eventLoopGroup: group)
    }

    /// Runs one client call and blocks the calling (C) thread until it has finished.
    func blocking<Value: Sendable>(
        _ body: @escaping @Sendable (XendClient) async throws(XendClientError) -> Value
    ) -> Result<Value, XendClientError> {
        let outcome = Outcome<Value>()
        let client = client
        Task(executorPreference: executor) {
            let result: Result<Value, XendClientError>
            do throws(XendClientError) {
                result = .success(try await body(client))
            } catch {
                result = .failure(error)
            }
            outcome.finish(result)
        }
        return outcome.wait()
    }

    /// Closes the client's connections, then stops and joins the event-loop thread.
    func close() {
        let client = client
        let outcome = Outcome<Bool>()
        Task(executorPreference: executor) {
            do {
                try await client.shutdown()
                outcome.finish(.success(true))
            } catch {
                outcome.finish(.success(false))
            }
        }
        _ = outcome.wait()
        try? group.syncShutdownGracefully()
    }
}

/// A result handed from the task that computed it to the thread waiting for it.
private final class Outcome<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, XendClientError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func finish(_ value: Result<Value, XendClientError>) {
        result.withLock { $0 = value }
        done.signal()
    }

    func wait() -> Result<Value, XendClientError> {
        done.wait()
        guard let value = result.withLock({ $0 }) else { preconditionFailure("signalled without a result") }
        return value
    }
}
