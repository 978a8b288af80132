import CoreMetrics
import Prometheus
import Synchronization
import ThreadShards
import XendHTTP

/// What the daemon counts as requests pass: every request by route, method and status with its
/// latency, and the long domain operations (save, restore, migrate) by result with their durations.
///
/// Counts go through swift-metrics into the daemon's own Prometheus registry rather than the
/// process-wide `MetricsSystem`, so each daemon (and each test) counts only its own requests; request
/// durations are gathered per thread (``RequestTally``) and printed by ``RequestDurations``.
final class RequestMetrics: Sendable {
    /// The registry of the counters and the domain operations' histogram.
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// The counter of each route, method and status seen so far. Making one through the factory checks
    /// and hashes every label and takes the registry's lock; the daemon has a few dozen, made once.
    private let counters = Mutex([InstrumentKey: CoreMetrics.Counter]())

    /// A route, a method and a status.
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

    /// Each thread's requests (``RequestTally``): the registry's counters and histograms are shared by
    /// every thread, and updating them per request made the worker threads take their locks and memory
    /// from each other (docs/performance.md, "One slot per thread"). `/metrics` adds the tallies up.
    private let tallies = ThreadShards { RequestTally() }

    /// Counts `request` on `route` (``MetricsRoute/route(for:)``), answered with `response` after `nanoseconds`.
    func observe(_ request: HTTPRequest, route: MetricsRoute, _ response: HTTPResponse, nanoseconds: Int64) {
        let series = RequestTally.series(route, Method(request.method))
        tallies.withCurrent { $0.add(series: series, status: response.status, nanoseconds: nanoseconds) }

        guard request.method == "POST", let op = request.parameters["op"], op.count == 1,
            Self.meteredOperations[op[0]] == route.label
        else { return }
        let result = Self.isFailure(response) ? "failure" : "success"
        Counter(label: Self.operationsName, dimensions: [("operation", op[0]), ("result", result)], factory: factory)
            .increment()
        Timer(label: Self.operationDurationName, dimensions: [("operation", op[0])], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// `replay` counting each request the engine answers with it as ``observe(_:route:_:nanoseconds:)``
    /// counted `request`; `nil` (asked every time) when counting it takes more than its series and status (a
    /// metered domain operation).
    func countedReplay(
        of replay: any ResponseReplay, request: HTTPRequest, route: MetricsRoute, response: HTTPResponse
    ) -> (any ResponseReplay)? {
        guard request.method != "POST" else { return nil }
        return CountedReplay(
            inner: replay, metrics: self, series: RequestTally.series(route, Method(request.method)),
            status: response.status)
    }

    /// A replay (``ResponseReplay``) whose every use is counted as the request it answers would have been.
    final class CountedReplay: ResponseReplay {
        private let inner: any ResponseReplay
        private let metrics: RequestMetrics
        private let series: Int
        private let status: Int

        init(inner: any ResponseReplay, metrics: RequestMetrics, series: Int, status: Int) {
            self.inner = inner
            self.metrics = metrics
            self.series = series
            self.status = status
        }

        func isCurrent() -> Bool { inner.isCurrent() }

        func replayed(startNanoseconds: Int64) {
            inner.replayed(startNanoseconds: startNanoseconds)
            let nanoseconds = MonotonicClock.nanoseconds() - startNanoseconds
            metrics.tallies.withCurrent { $0.add(series: series, status: status, nanoseconds: nanoseconds) }
        }
    }

    /// The requests so far in the Prometheus text format: the registry's families (request counts,
    /// domain operations), then the request duration histogram of every thread's tally.
    func exposition() -> String {
        var durations = RequestDurations()
        var counts: [RequestTally.StatusKey: Int] = [:]
        tallies.forEach { tally in
            durations.add(tally)
            counts.merge(tally.takeStatusCounts(), uniquingKeysWith: +)
        }
        for (key, count) in counts {
            let (route, method) = RequestTally.labels(of: key.series)
            counter(for: InstrumentKey(route: route, method: method, status: key.status)).increment(by: Int64(count))
        }
        return registry.emitToString() + durations.exposition(name: Self.requestDurationName)
    }

    /// The counter of requests with `key`'s route, method and status, made on first use.
    private func counter(for key: InstrumentKey) -> CoreMetrics.Counter {
        counters.withLock { counters in
            if let known = counters[key] { return known }
            let made = CoreMetrics.Counter(
                label: Self.requestsName,
                dimensions: [("route", key.route.label), ("method", key.method.label), ("status", String(key.status))],
                factory: factory)
            counters[key] = made
            return made
        }
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
