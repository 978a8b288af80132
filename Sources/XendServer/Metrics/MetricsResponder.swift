import Hypervisor
import Logging
import XendHTTP
import XendModel

/// `GET /metrics` in the Prometheus text format, in front of the router: it answers that one path
/// itself and passes every other request on, timing and counting it.
///
/// It sits between the engine and the router, so the engine's access rules (hosts-allow, bearer
/// token, TLS) apply to `/metrics` as to every other path. With metrics off the daemon gives the
/// engine the router alone, and `/metrics` is the router's `404` as before.
///
/// A class: the engine's worker threads share one responder chain, and a struct in it was copied per
/// request, a retain and a release of each of its objects (docs/performance.md, "One slot per thread").
public final class MetricsResponder: HTTPResponder {
    /// The Prometheus text format's content type.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let next: any HTTPResponder
    private let host: HostMetrics
    private let requests = RequestMetrics()
    private let logger: Logger

    /// A responder serving the metrics of `backend` and of the requests it passes to `next`.
    public init(next: any HTTPResponder, backend: any Hypervisor, logger: Logger = Logger(label: "xend.metrics")) {
        self.next = next
        self.host = HostMetrics(backend: backend)
        self.logger = logger
    }

    /// `next` behind a metrics responder when `enabled` (`xend-metrics`), otherwise `next` itself.
    public static func wrapping(_ next: any HTTPResponder, backend: any Hypervisor, enabled: Bool) -> any HTTPResponder
    {
        enabled ? MetricsResponder(next: next, backend: backend) : next
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        respondReplayable(to: request).response
    }

    /// Answers and counts `request`; an answer the engine may send again is counted again each time it is
    /// (``CountedReplay``).
    public func respondReplayable(to request: HTTPRequest) -> ReplayableResponse {
        let route = MetricsRoute.route(for: request.pathSegments)
        var answered: ReplayableResponse
        if request.method == "GET" || request.method == "HEAD", route == .metrics {
            answered = ReplayableResponse(response: metrics())
        } else {
            answered = next.respondReplayable(to: request)
        }
        // Timed from the engine's start of the request: one clock reading here rather than two.
        requests.observe(
            request, route: route, answered.response,
            nanoseconds: MonotonicClock.nanoseconds() - request.startNanoseconds)
        if let replay = answered.replay {
            answered.replay = requests.countedReplay(
                of: replay, request: request, route: route, response: answered.response)
        }
        return answered
    }

    /// The exposition: what the requests so far counted, then the host as it is now.
    private func metrics() -> HTTPResponse {
        let hostText: String
        do {
            hostText = try host.exposition()
        } catch {
            logger.error("metrics: cannot read the host: \(error.message)")
            return .xendError("cannot read the host for /metrics: \(error.message)", status: 500)
        }
        return .content(requests.exposition() + hostText, contentType: Self.contentType)
    }
}
