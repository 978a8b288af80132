import FoundationEssentials
import Testing
import XendModel

@testable import XendHTTP
@testable import XendServer

/// S-expression, JSON or HTML per request (docs/protocol.md#content-negotiation).
@Suite("Router: content negotiation")
struct RouterNegotiationTests {
    @Test(
        "the representation follows Accept and User-Agent",
        arguments: [
            ([], Representation.sxp), ([("User-Agent", "curl/8")], .sxp), ([("Accept", "*/*")], .sxp),
            ([("User-Agent", "curl/8"), ("Accept", "*/*")], .html),
            ([("User-Agent", "Mozilla/5.0"), ("Accept", "text/html,application/sxp")], .sxp),
            ([("User-Agent", "curl/8"), ("Accept", "application/json")], .json),
            ([("Accept", "application/json")], .json),
            ([("Accept", "application/sxp, application/json")], .sxp),
        ])
    func choice(headers: [(String, String)], expected: Representation) {
        #expect(Representation(headers: HTTPHeaders(headers)) == expected)
    }

    @Test("JSON replies are the model's Codable form, errors included")
    func json() throws {
        let host = try RouterHost()
        let accept = [("Accept", "application/json")]
        let record = host.get("/xend/domain/vm1", headers: accept)
        #expect(record.contentType == "application/json")
        let decoded = try JSONDecoder().decode(DomainRecord.self, from: Data(record.body))
        #expect(decoded.name.rawValue == "vm1")
        #expect(decoded.domainID == DomainID(3))
        #expect(host.get("/xend/domain", headers: accept).text == "[\"Domain-0\",\"vm1\"]")
        #expect(host.get("/xend/", headers: accept).text == "[\"node\",\"domain\",\"vnet\"]")
        let node = try JSONDecoder().decode(NodeRecord.self, from: Data(host.get("/xend/node", headers: accept).body))
        #expect(node.xendConfigFormat == 4)
        let failure = host.send("POST", "/xend/domain/0", body: "op=pause", headers: accept)
        #expect(failure.status == 500)
        #expect(
            failure.text
                == "{\"error\":{\"kind\":\"operation_failed\",\"message\":\"Cannot pause privileged domain 0\"}}")
        #expect(host.send("POST", "/xend/domain/vm1", body: "op=maxmem_set&memory=600", headers: accept).text == "0")
        #expect(host.get("/xend/node/dmesg", headers: accept).contentType == "text/plain")
    }

    @Test("browsers get a minimal HTML page without a Content-type, the S-expression escaped in <pre>")
    func html() throws {
        let host = try RouterHost()
        let page = host.get("/xend/domain/vm1", headers: [("User-Agent", "Mozilla/5.0"), ("Accept", "text/html")])
        #expect(page.status == 200)
        #expect(page.contentType == nil)
        #expect(page.text.hasPrefix("<html><head></head><body><pre>(domain (domid 3)"))
        #expect(page.text.contains("(bootloader '')"))
        #expect(page.text.hasSuffix(")''</pre></body></html>"))
        #expect(escapeHTML("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
    }
}
