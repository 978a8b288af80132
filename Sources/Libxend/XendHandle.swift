import Synchronization
import XendClientKit

/// What a C `struct xend *` points to: one ``XendClient`` on the socket transport, whose calls run on the
/// calling C thread.
///
/// A handle has no thread of its own: a call does its I/O on the caller's thread, and between calls the
/// handle holds at most one kept-alive descriptor per endpoint, which ``close()`` closes, so `xend_delete`
/// leaves no thread, descriptor or memory behind. Separate handles never share state, so different C
/// threads may use them at once.
final class XendHandle: Sendable {
    let client: XendClient
    private let executor = CallerThreadExecutor()

    /// Makes a client for `endpoints`. Nothing is contacted yet.
    init(endpoints: [XendClient.Endpoint]) {
        // A C program reuses its struct xend for many calls: keep one connection open between them.
        var configuration = XendClient.Configuration()
        configuration.keepsConnectionsAlive = true
        configuration.transport = .blockingSockets
        client = XendClient(endpoints: endpoints, configuration: configuration)
    }

    /// Runs one client call to its end on the calling (C) thread.
    func blocking<Value: Sendable>(
        _ body: @escaping @Sendable (XendClient) async throws(XendClientError) -> Value
    ) -> Result<Value, XendClientError> {
        let client = client
        let box = Outcome<Value>()
        Task(executorPreference: executor) {
            let result: Result<Value, XendClientError>
            do throws(XendClientError) {
                result = .success(try await body(client))
            } catch {
                result = .failure(error)
            }
            box.finish(result)
        }
        executor.run { box.isFinished }
        return box.take()
    }

    /// Closes the client's connections.
    func close() {
        let client = client
        _ = blocking { _ throws(XendClientError) in try? await client.shutdown() }
    }
}

/// A result handed from the task that computed it to the thread that runs it.
private final class Outcome<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, XendClientError>?>(nil)

    var isFinished: Bool { result.withLock { $0 != nil } }

    func finish(_ value: Result<Value, XendClientError>) {
        result.withLock { $0 = value }
    }

    func take() -> Result<Value, XendClientError> {
        guard let value = result.withLock({ $0 }) else { preconditionFailure("finished without a result") }
        return value
    }
}
