import CoreMetrics
import Prometheus
import Synchronization
import ThreadShards
import XendHTTP

/// What the daemon counts as requests pass: every request by route, method and status with its
/// latency, and the long domain operations (save, restore, migrate) by result with their durations.
///
/// Recorded through swift-metrics into its own Prometheus registry rather than the process-wide
/// `MetricsSystem`, so each daemon (and each test) counts only its own requests.
final class RequestMetrics: Sendable {
    /// The registry `GET /metrics` prints.
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// The counter and timer of each route, method and status seen so far. Making them through the
    /// factory checks and hashes every label and takes the registry's lock, which cost more than the rest
    /// of a small request; the daemon has a few dozen of these, made once.
    private let instruments = Mutex(Instruments())

    /// Every route, method and status's instruments, and for each route and method those of the last
    /// status seen: nearly every request repeats its route's last status, and finding it there spares
    /// hashing the key (0.3k instructions per request; callgrind, docs/performance.md).
    private struct Instruments {
        var made: [InstrumentKey: (CoreMetrics.Counter, CoreMetrics.Timer)] = [:]
        var recent = [(status: Int, counter: CoreMetrics.Counter, timer: CoreMetrics.Timer)?](
            repeating: nil, count: MetricsRoute.allCases.count * Method.allCases.count)

        static func recentIndex(_ route: MetricsRoute, _ method: Method) -> Int {
            route.index * Method.allCases.count + method.index
        }
    }

    /// Small values only: the key is hashed for every request, and with the two label strings in it the
    /// lookup took 550 instructions instead of 300 (callgrind, docs/performance.md).
    private struct InstrumentKey: Hashable {
        let route: MetricsRoute
        let method: Method
        let status: Int
    }

    /// The `method` label: the three methods the daemon serves, everything else as `other`.
    enum Method: Int, Hashable, CaseIterable {
        case get, head, post, other

        /// The method's place in `allCases` (cases are numbered in declaration order).
        var index: Int { rawValue }

        init(_ method: String) {
            switch method {
            case "GET": self = .get
            case "HEAD": self = .head
            case "POST": self = .post
            default: self = .other
            }
        }

        var label: String {
            switch self {
            case .get: "GET"
            case .head: "HEAD"
            case .post: "POST"
            case .other: "other"
            }
        }
    }

    /// The ops whose count and duration are metrics, and where the router takes them.
    static let meteredOperations: [String: String] = [
        "save": "/xend/domain/{domain}", "migrate": "/xend/domain/{domain}", "restore": "/xend/domain",
    ]

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.operationDurationName] = [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
        ]
        self.factory = factory
    }

    static let requestsName = "xend_http_requests_total"
    static let requestDurationName = "xend_http_request_duration_seconds"
    static let operationsName = "xend_domain_operations_total"
    static let operationDurationName = "xend_domain_operation_duration_seconds"

    /// One request not yet counted in the registry.
    private struct Observation: Sendable {
        let key: InstrumentKey
        let nanoseconds: Int64
    }

    /// Each thread's requests not yet counted (``ThreadShards``): the registry's counters and histograms
    /// are shared by every thread, and updating them per request made the worker threads take their
    /// locks and memory from each other (docs/performance.md, "One slot per thread"). A thread counts its
    /// own once ``batchSize`` have gathered; ``countPending()`` counts everyone's before `/metrics` prints.
    private let pending = ThreadShards<[Observation]> { [] }

    /// How many requests a thread gathers before it counts them itself.
    static let batchSize = 256

    /// Counts `request` on `route` (``MetricsRoute/route(for:)``), answered with `response` after `nanoseconds`.
    func observe(_ request: HTTPRequest, route: MetricsRoute, _ response: HTTPResponse, nanoseconds: Int64) {
        let observation = Observation(
            key: InstrumentKey(route: route, method: Method(request.method), status: response.status),
            nanoseconds: nanoseconds)
        let full = pending.withCurrent { pending -> [Observation]? in
            pending.append(observation)
            guard pending.count >= Self.batchSize else { return nil }
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        if let full { count(full) }

        guard request.method == "POST", let op = request.parameters["op"], op.count == 1,
            Self.meteredOperations[op[0]] == route.label
        else { return }
        let result = Self.isFailure(response) ? "failure" : "success"
        Counter(label: Self.operationsName, dimensions: [("operation", op[0]), ("result", result)], factory: factory)
            .increment()
        Timer(label: Self.operationDurationName, dimensions: [("operation", op[0])], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// Counts every thread's gathered requests in the registry; `/metrics` calls it before printing.
    func countPending() {
        var taken: [Observation] = []
        pending.forEach { pending in
            taken.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: pending.capacity <= Self.batchSize)
        }
        count(taken)
    }

    /// Adds `observations` to the registry: one increment per counter, one record per request.
    private func count(_ observations: [Observation]) {
        var counts: [InstrumentKey: (counter: CoreMetrics.Counter, count: Int64)] = [:]
        for observation in observations {
            let (counter, timer) = instruments(for: observation.key)
            counts[observation.key, default: (counter, 0)].count += 1
            timer.recordNanoseconds(observation.nanoseconds)
        }
        for (counter, count) in counts.values { counter.increment(by: count) }
    }

    /// The counter and timer of `key`, made on first use.
    private func instruments(for key: InstrumentKey) -> (CoreMetrics.Counter, CoreMetrics.Timer) {
        // The route and method's last status first, then one lookup; a new status makes its counter and
        // fetches the route's timer, which the registry keeps once per route and method.
        instruments.withLock { instruments in
            let recentIndex = Instruments.recentIndex(key.route, key.method)
            if let recent = instruments.recent[recentIndex], recent.status == key.status {
                return (recent.counter, recent.timer)
            }
            let found: (CoreMetrics.Counter, CoreMetrics.Timer)
            if let known = instruments.made[key] {
                found = known
            } else {
                found = Self.make(key, factory: factory)
                instruments.made[key] = found
            }
            instruments.recent[recentIndex] = (key.status, found.0, found.1)
            return found
        }
    }

    /// The counter of requests with `key`'s route, method and status, and the timer of its route and
    /// method (the registry keeps one per route and method, whatever the status).
    private static func make(_ key: InstrumentKey, factory: PrometheusMetricsFactory) -> (
        CoreMetrics.Counter, CoreMetrics.Timer
    ) {
        let (route, method) = (key.route.label, key.method.label)
        let counter = CoreMetrics.Counter(
            label: requestsName, dimensions: [("route", route), ("method", method), ("status", String(key.status))],
            factory: factory)
        let timer = CoreMetrics.Timer(
            label: requestDurationName, dimensions: [("route", route), ("method", method)], factory: factory)
        return (counter, timer)
    }

    /// Whether the reply reports an error: a status of 400 or more (failed deferred ops answer 500 too,
    /// docs/compatibility.md), or an error body under any status, as the original's deferred ops sent
    /// with 200/202: `(xend.err ...)` as S-expression or inside the HTML page, `{"error": ...}` as JSON.
    static func isFailure(_ response: HTTPResponse) -> Bool {
        if response.status >= 400 { return true }
        let head = String(decoding: response.body.prefix(256), as: UTF8.self)
        return head.hasPrefix("(xend.err") || head.hasPrefix("{\"error\"") || head.contains("<pre>(xend.err")
    }
}
