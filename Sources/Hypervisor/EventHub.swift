import Synchronization

/// Fans domain state changes out to every subscriber's `AsyncStream`.
package final class EventHub: Sendable {
    package init() {}

    private let subscribers = Mutex<[Int: AsyncStream<DomainStateChange>.Continuation]>([:])
    private let nextToken = Mutex(0)

    /// A new stream receiving every change published from now on (buffering the newest 1,024).
    package func subscribe() -> AsyncStream<DomainStateChange> {
        let token = nextToken.withLock { value in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream.makeStream(
            of: DomainStateChange.self, bufferingPolicy: .bufferingNewest(1024))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: token) }
        }
        subscribers.withLock { $0[token] = continuation }
        return stream
    }

    package func publish(_ change: DomainStateChange) {
        let targets = subscribers.withLock { Array($0.values) }
        for continuation in targets {
            continuation.yield(change)
        }
    }

    deinit {
        subscribers.withLock { continuations in
            for continuation in continuations.values { continuation.finish() }
        }
    }
}
