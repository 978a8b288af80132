import CoreMetrics
import Prometheus
import Synchronization
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
    private let instruments = Mutex([InstrumentKey: (CoreMetrics.Counter, CoreMetrics.Timer)]())

    /// Small values only: the key is hashed for every request, and with the two label strings in it the
    /// lookup took 550 instructions instead of 300 (callgrind, docs/performance.md).
    private struct InstrumentKey: Hashable {
        let route: MetricsRoute
        let method: Method
        let status: Int
    }

    /// The `method` label: the three methods the daemon serves, everything else as `other`.
    enum Method: Hashable {
        case get, head, post, other

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

    /// Counts `request` on `route` (``MetricsRoute/route(for:)``), answered with `response` after `nanoseconds`.
    func observe(_ request: HTTPRequest, route: MetricsRoute, _ response: HTTPResponse, nanoseconds: Int64) {
        let key = InstrumentKey(route: route, method: Method(request.method), status: response.status)
        // One lookup per request; a new status makes its counter and fetches the route's timer, which
        // the registry keeps once per route and method.
        let (counter, timer) = instruments.withLock { made in
            if let known = made[key] { return known }
            let (route, method) = (route.label, key.method.label)
            let counter = CoreMetrics.Counter(
                label: Self.requestsName,
                dimensions: [("route", route), ("method", method), ("status", String(response.status))],
                factory: factory)
            let timer = CoreMetrics.Timer(
                label: Self.requestDurationName, dimensions: [("route", route), ("method", method)],
                factory: factory)
            made[key] = (counter, timer)
            return (counter, timer)
        }
        counter.increment()
        timer.recordNanoseconds(nanoseconds)

        guard request.method == "POST", let op = request.parameters["op"], op.count == 1,
            Self.meteredOperations[op[0]] == route.label
        else { return }
        let result = Self.isFailure(response) ? "failure" : "success"
        Counter(label: Self.operationsName, dimensions: [("operation", op[0]), ("result", result)], factory: factory)
            .increment()
        Timer(label: Self.operationDurationName, dimensions: [("operation", op[0])], factory: factory)
            .recordNanoseconds(nanoseconds)
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
