import Dispatch
import Prometheus
import Testing
import XendModel

@testable import XendHTTP
@testable import XendServer

/// `GET /metrics` in front of the router on the simulated host (the scrape with a real Prometheus
/// parser, over the real daemon and its access rules, is scripts/metrics-check.py, run by `make test`).
@Suite("Metrics")
struct MetricsTests {
    @Test(
        "routes collapse names and ids, so series do not grow with domains",
        arguments: [
            ([String](), "/"), (["xend"], "/xend"), (["xend", "node", ""], "/xend/node"),
            (["xend", "node", "dmesg"], "/xend/node/dmesg"), (["xend", "domain"], "/xend/domain"),
            (["xend", "domain", "", "vm1"], "/xend/domain/{domain}"),
            (["xend", "domain", "7"], "/xend/domain/{domain}"),
            (["xend", "vnet", "1"], "/xend/vnet/{vnet}"), (["metrics"], "/metrics"), (["etc", "passwd"], "other"),
            (["xend", "domain", "vm1", "x"], "other"),
        ])
    func routes(segments: [String], route: String) {
        #expect(MetricsRoute.label(for: segments) == route)
    }

    @Test("an error in the body counts as a failure whatever the status")
    func failures() {
        #expect(RequestMetrics.isFailure(.sxp("(xend.err 'No such domain')", status: 202)))
        #expect(RequestMetrics.isFailure(.json("{\"error\":{\"kind\":\"x\",\"message\":\"y\"}}")))
        #expect(RequestMetrics.isFailure(.text("Not found: x", status: 404)))
        #expect(!RequestMetrics.isFailure(.sxp("(domain (name vm1))", status: 201)))
        #expect(!RequestMetrics.isFailure(.empty(status: 202)))
    }

    @Test("GET /metrics reports vm1 as the API does, and counts the requests before it")
    func scrape() throws {
        let host = try RouterHost()
        let responder = MetricsResponder(next: host.router, backend: host.hypervisor)
        let record = try host.hypervisor.domain(matching: "vm1")
        _ = responder.respond(to: Self.request("GET", "/xend/domain/vm1"))
        _ = responder.respond(to: Self.request("GET", "/xend/nothing"))
        let response = responder.respond(to: Self.request("GET", "/metrics"))
        #expect(response.status == 200)
        #expect(response.headers["Content-type"] == MetricsResponder.contentType)
        let lines = Set(String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init))
        let id = try #require(record.domainID).rawValue
        #expect(lines.contains("xend_domain_memory_bytes{name=\"vm1\",id=\"\(id)\"} \(512.0 * 1024 * 1024)"))
        #expect(lines.contains("xend_domain_state{name=\"vm1\",id=\"\(id)\",state=\"running\"} 1.0"))
        #expect(lines.contains("xend_domain_state{name=\"vm2\",id=\"\",state=\"halted\"} 1.0"))
        #expect(lines.contains("xend_host_memory_total_bytes \(8192.0 * 1024 * 1024)"))
        #expect(lines.contains("xend_build_info{version=\"\(XendBuild.version)\"} 1.0"))
        #expect(
            lines.contains("xend_http_requests_total{route=\"/xend/domain/{domain}\",method=\"GET\",status=\"200\"} 1"))
        #expect(lines.contains("xend_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1"))
    }

    @Test("a request is timed from its start as the engine stamped it, not from when the responder saw it")
    func timedFromRequestStart() throws {
        let host = try RouterHost()
        let responder = MetricsResponder(next: host.router, backend: host.hypervisor)
        var request = Self.request("GET", "/xend/node")
        request.startNanoseconds -= 3_000_000_000
        _ = responder.respond(to: request)
        let text = String(decoding: responder.respond(to: Self.request("GET", "/metrics")).body, as: UTF8.self)
        let lines = Set(text.split(separator: "\n").map(String.init))
        let series = "route=\"/xend/node\",method=\"GET\""
        #expect(lines.contains("xend_http_request_duration_seconds_bucket{\(series),le=\"2.5\"} 0"))
        #expect(lines.contains("xend_http_request_duration_seconds_bucket{\(series),le=\"5.0\"} 1"))
    }

    @Test("requests answered on many threads at once are all counted and timed")
    func manyThreads() throws {
        let host = try RouterHost()
        let responder = MetricsResponder(next: host.router, backend: host.hypervisor)
        let perThread = 293
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            for _ in 0..<perThread { _ = responder.respond(to: Self.request("GET", "/xend/node")) }
        }
        let first = responder.respond(to: Self.request("GET", "/metrics"))
        let lines = Set(String(decoding: first.body, as: UTF8.self).split(separator: "\n").map(String.init))
        let route = "route=\"/xend/node\""
        #expect(lines.contains("xend_http_requests_total{\(route),method=\"GET\",status=\"200\"} \(6 * perThread)"))
        #expect(lines.contains("xend_http_request_duration_seconds_count{\(route),method=\"GET\"} \(6 * perThread)"))
        // The scrape itself is counted before the next one.
        let second = responder.respond(to: Self.request("GET", "/metrics"))
        #expect(
            String(decoding: second.body, as: UTF8.self).contains(
                "xend_http_requests_total{route=\"/metrics\",method=\"GET\",status=\"200\"} 1"))
    }

    @Test("statuses alternating on one route and method are each counted, and timed together")
    func alternatingStatuses() throws {
        #expect(MetricsRoute.allCases.map(\.index) == Array(MetricsRoute.allCases.indices))
        #expect(RequestMetrics.Method.allCases.map(\.index) == Array(RequestMetrics.Method.allCases.indices))
        let host = try RouterHost()
        let responder = MetricsResponder(next: host.router, backend: host.hypervisor)
        // vm1 is found (200), vm9 is not (404): the same route and method with two statuses, in turn.
        for path in ["vm1", "vm9", "vm9", "vm1", "vm9", "vm1", "vm1"] {
            _ = responder.respond(to: Self.request("GET", "/xend/domain/\(path)"))
        }
        _ = responder.respond(to: Self.request("HEAD", "/xend/domain/vm1"))
        let text = String(decoding: responder.respond(to: Self.request("GET", "/metrics")).body, as: UTF8.self)
        let lines = Set(text.split(separator: "\n").map(String.init))
        let route = "route=\"/xend/domain/{domain}\""
        #expect(lines.contains("xend_http_requests_total{\(route),method=\"GET\",status=\"200\"} 4"))
        #expect(lines.contains("xend_http_requests_total{\(route),method=\"GET\",status=\"404\"} 3"))
        #expect(lines.contains("xend_http_requests_total{\(route),method=\"HEAD\",status=\"200\"} 1"))
        #expect(lines.contains("xend_http_request_duration_seconds_count{\(route),method=\"GET\"} 7"))
        #expect(lines.contains("xend_http_request_duration_seconds_count{\(route),method=\"HEAD\"} 1"))
    }

    @Test("the duration histogram is cumulative, with the bounds and sum written as the Prometheus library writes them")
    func durationHistogram() {
        // The bounds and sums as swift-prometheus prints a Duration, which printed this family before.
        for nanoseconds in RequestTally.bounds + [0, 1, 999_999_999, 1_000_000_001, 123_456_789_012] {
            #expect(RequestDurations.secondsText(nanoseconds) == Duration.nanoseconds(nanoseconds).bucketRepresentation)
        }
        var first = RequestTally()
        var second = RequestTally()
        let node = RequestTally.series(.node, .get)
        // On the bounds, just above them, beyond the last; split over two threads' tallies.
        let times: [Int64] = [1, 5_000_000, 5_000_001, 25_000_000, 10_000_000_000, 10_000_000_001, 99_000_000_000]
        for (index, time) in times.enumerated() {
            if index.isMultiple(of: 2) {
                first.add(series: node, status: 200, nanoseconds: time)
            } else {
                second.add(series: node, status: 200, nanoseconds: time)
            }
        }
        second.add(series: RequestTally.series(.domain, .head), status: 404, nanoseconds: 7_000_000)
        var durations = RequestDurations()
        durations.add(first)
        durations.add(second)
        durations.add(RequestTally())
        let lines = durations.exposition(name: "d").split(separator: "\n").map(String.init)
        let node_ = "route=\"/xend/node\",method=\"GET\""
        let domain = "route=\"/xend/domain/{domain}\",method=\"HEAD\""
        let sum = times.reduce(0, +)
        #expect(
            lines == [
                "# TYPE d histogram",
                "d_bucket{\(node_),le=\"0.005\"} 2", "d_bucket{\(node_),le=\"0.01\"} 3",
                "d_bucket{\(node_),le=\"0.025\"} 4", "d_bucket{\(node_),le=\"0.05\"} 4",
                "d_bucket{\(node_),le=\"0.1\"} 4", "d_bucket{\(node_),le=\"0.25\"} 4",
                "d_bucket{\(node_),le=\"0.5\"} 4", "d_bucket{\(node_),le=\"1.0\"} 4",
                "d_bucket{\(node_),le=\"2.5\"} 4", "d_bucket{\(node_),le=\"5.0\"} 4",
                "d_bucket{\(node_),le=\"10.0\"} 5", "d_bucket{\(node_),le=\"+Inf\"} 7",
                "d_sum{\(node_)} \(Duration.nanoseconds(sum).bucketRepresentation)", "d_count{\(node_)} 7",
                "d_bucket{\(domain),le=\"0.005\"} 0", "d_bucket{\(domain),le=\"0.01\"} 1",
                "d_bucket{\(domain),le=\"0.025\"} 1", "d_bucket{\(domain),le=\"0.05\"} 1",
                "d_bucket{\(domain),le=\"0.1\"} 1", "d_bucket{\(domain),le=\"0.25\"} 1",
                "d_bucket{\(domain),le=\"0.5\"} 1", "d_bucket{\(domain),le=\"1.0\"} 1",
                "d_bucket{\(domain),le=\"2.5\"} 1", "d_bucket{\(domain),le=\"5.0\"} 1",
                "d_bucket{\(domain),le=\"10.0\"} 1", "d_bucket{\(domain),le=\"+Inf\"} 1",
                "d_sum{\(domain)} 0.007", "d_count{\(domain)} 1",
            ])
        // Statuses are handed over once: a second take has nothing.
        #expect(second.takeStatusCounts().values.reduce(0, +) == 4)
        #expect(second.takeStatusCounts().isEmpty)
    }

    @Test("a save is counted by result and timed")
    func save() throws {
        let host = try RouterHost()
        let responder = MetricsResponder(next: host.router, backend: host.hypervisor)
        let form = "op=save&file=" + host.saveDirectory + "/vm1.save"
        _ = responder.respond(to: Self.request("POST", "/xend/domain/vm1", body: form))
        _ = responder.respond(to: Self.request("POST", "/xend/domain/vm1", body: form))
        let text = String(decoding: responder.respond(to: Self.request("GET", "/metrics")).body, as: UTF8.self)
        #expect(text.contains("xend_domain_operations_total{operation=\"save\",result=\"success\"} 1"))
        #expect(text.contains("xend_domain_operations_total{operation=\"save\",result=\"failure\"} 1"))
        #expect(text.contains("xend_domain_operation_duration_seconds_count{operation=\"save\"} 2"))
    }

    @Test("with metrics off the router answers /metrics itself: its 404, as before")
    func disabled() throws {
        let host = try RouterHost()
        let responder = MetricsResponder.wrapping(host.router, backend: host.hypervisor, enabled: false)
        let response = responder.respond(to: Self.request("GET", "/metrics"))
        #expect(response.status == 404)
        #expect(String(decoding: response.body, as: UTF8.self) == "Not found: metrics")
    }

    @Test("(xend-metrics no) in the file turns metrics off; they are on by default")
    func configuration() throws {
        #expect(XendConfiguration().metrics)
        var configuration = XendConfiguration()
        try configuration.apply(fileText: "(xend-metrics no)", source: "test")
        #expect(!configuration.metrics)
    }

    static func request(_ method: String, _ target: String, body: String = "") -> HTTPRequest {
        var headers: [(String, String)] = [("Host", "localhost:8000")]
        if !body.isEmpty { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        return HTTPRequest(method: method, target: target, headers: HTTPHeaders(headers), body: Array(body.utf8))
    }
}
