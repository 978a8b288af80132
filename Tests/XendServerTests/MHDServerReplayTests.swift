import Synchronization
import Testing

@testable import XendHTTP
@testable import XendServer

/// The engine sends a response again, unasked, only to a `GET` equal to the last one its thread answered,
/// and only while the responder's replay says the response is current (`ReplayedAnswers`).
@Suite("MHDServer answers sent again")
struct MHDServerReplayTests {
    /// A replay whose currency the test sets, counting how often the engine used it.
    final class SwitchedReplay: ResponseReplay {
        let current = Atomic<Bool>(true)
        let uses = Atomic<Int>(0)

        func isCurrent() -> Bool { current.load(ordering: .relaxed) }
        func replayed(startNanoseconds: Int64) { uses.add(1, ordering: .relaxed) }
    }

    /// Answers with the number of requests it has been asked so far, every response replayable.
    final class CountingResponder: HTTPResponder {
        let replay = SwitchedReplay()
        let asked = Atomic<Int>(0)

        func respond(to request: HTTPRequest) -> HTTPResponse {
            respondReplayable(to: request).response
        }

        func respondReplayable(to request: HTTPRequest) -> ReplayableResponse {
            let count = asked.add(1, ordering: .relaxed).newValue
            return ReplayableResponse(response: .sxp("(answer \(count))"), replay: replay)
        }
    }

    static func get(_ target: String, headers: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: localhost\r\n\(headers)\r\n"
    }

    @Test(
        "an equal GET is answered again while current; any difference asks the responder",
        arguments: HTTPTransport.allCases)
    func replayRules(transport: HTTPTransport) throws {
        let responder = CountingResponder()
        let server = try TestServer(responder: responder) { $0.threadPoolSize = 1 }
        func body(_ request: String) throws -> String {
            try server.response(request, over: transport).bodyText
        }
        #expect(try body(Self.get("/xend/node/")) == "(answer 1)")
        // The same request on a new connection: sent again, counted by the replay, logged as any request.
        #expect(try body(Self.get("/xend/node/")) == "(answer 1)")
        #expect(responder.replay.uses.load(ordering: .relaxed) == 1)
        // Not current any more: asked, and the new answer is the one sent again after.
        responder.replay.current.store(false, ordering: .relaxed)
        #expect(try body(Self.get("/xend/node/")) == "(answer 2)")
        responder.replay.current.store(true, ordering: .relaxed)
        #expect(try body(Self.get("/xend/node/")) == "(answer 2)")
        // Another target, another header, another header value, the same headers in another order, another
        // version, a body, another method: each is asked.
        let different = [
            Self.get("/xend/node"),
            Self.get("/xend/node/", headers: "Accept: application/json\r\n"),
            "GET /xend/node/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /xend/node/ HTTP/1.0\r\nHost: localhost\r\n\r\n",
            "GET /xend/node/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc",
            "POST /xend/node/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
        ]
        var asked = 2
        var plainAnswer = 2
        for request in different {
            // Each comes between two plain requests; the first of them is always sent again.
            #expect(try body(Self.get("/xend/node/")) == "(answer \(plainAnswer))")
            asked += 1
            #expect(try body(request) == "(answer \(asked))", "\(request)")
            if request.hasPrefix("GET"), !request.contains("Content-Length") {
                // Kept in the plain request's place: the next plain request is asked.
                asked += 1
                plainAnswer = asked
            }
            #expect(try body(Self.get("/xend/node/")) == "(answer \(plainAnswer))", "after \(request)")
        }
        #expect(responder.asked.load(ordering: .relaxed) == asked)
        #expect(responder.replay.uses.load(ordering: .relaxed) == 2 + different.count + 2)
        // Every request was logged, the ones sent again too: 4 plain ones first, 2 around each different one,
        // and the 4 different ones with the same method and path.
        let logged = server.logs.lines.withLock { $0 }.filter { $0.hasPrefix("info GET /xend/node/ 200 ") }
        #expect(logged.count == 4 + 2 * different.count + 4)
    }

    @Test("the daemon's node answer sent again follows the host and is counted by the metrics")
    func nodeReplay() throws {
        let host = try RouterHost(populated: false)
        let metrics = MetricsResponder(next: host.router, backend: host.hypervisor)
        let server = try TestServer(responder: metrics) { $0.threadPoolSize = 1 }
        let request = Self.get("/xend/node/")
        let first = try server.response(request).bodyText
        #expect(first.contains("(free_memory 7168)"))
        #expect(try server.response(request).bodyText == first)
        #expect(try server.response(request).bodyText == first)
        #expect(host.post("/xend/domain/", "op=create&config=(vm (name vm9) (memory 512))").status == 201)
        let after = try server.response(request).bodyText
        #expect(after.contains("(free_memory 6656)"))
        #expect(try server.response(request).bodyText == after)
        let scrape = try server.response(Self.get("/metrics")).bodyText
        #expect(scrape.contains("xend_http_requests_total{route=\"/xend/node\",method=\"GET\",status=\"200\"} 5"))
        #expect(scrape.contains("xend_http_request_duration_seconds_count{route=\"/xend/node\",method=\"GET\"} 5"))
    }
}
