import Testing
import XendModel

@testable import XendServer

/// `/xend/domain`: lists, create, new, restore (docs/protocol.md#domain-collection).
@Suite("Router: domain collection")
struct RouterDomainCollectionTests {
    @Test(
        "GET lists running domains sorted; state= selects; unknown states list nothing",
        arguments: [
            ("/xend/domain", "(Domain-0 vm1)"), ("/xend/domain?state=halted", "(vm2)"),
            ("/xend/domain?state=HALTED", "(vm2)"), ("/xend/domain/?state=all", "(Domain-0 vm1 vm2)"),
            ("/xend/domain?state=running", "(Domain-0 vm1)"), ("/xend/domain?state=paused", "()"),
            ("/xend/domain?state=2", "()"), ("/xend/domain?state=", "(Domain-0 vm1)"),
            ("/xend/domain?detail=0", "(Domain-0 vm1)"),
        ])
    func names(target: String, body: String) throws {
        let response = try RouterHost().get(target)
        #expect(response.status == 200)
        #expect(response.contentType == "application/sxp")
        #expect(response.text == body)
    }

    @Test("paused domains are hidden from the default list, as in xend 3.0.4 and later")
    func pausedHidden() throws {
        let host = try RouterHost()
        #expect(host.post("/xend/domain/vm1", "op=pause").status == 200)
        #expect(host.get("/xend/domain").text == "(Domain-0)")
        #expect(host.get("/xend/domain?state=paused").text == "(vm1)")
    }

    @Test("detail=1 and op=list give the records of running domains, without the per-record ''")
    func detail() throws {
        let host = try RouterHost()
        let detail = host.get("/xend/domain?detail=1&state=halted")
        #expect(detail.text.hasPrefix("((domain (domid 0)"))
        #expect(detail.text.contains("(name vm1)"))
        #expect(!detail.text.contains("vm2"))
        #expect(!detail.text.hasSuffix("''"))
        #expect(detail.text.hasSuffix("))"))
        #expect(host.post("/xend/domain/", "op=list").text == detail.text)
    }

    @Test("op=create builds a paused domain: 201, Location with the request path and port 8080 on Unix")
    func create() throws {
        let host = try RouterHost()
        let config = "(vm (name vm3) (memory 256) (image (linux (kernel /boot/vmlinuz))))"
        let response = host.post("/xend/domain/", "op=create&config=\(config)")
        #expect(response.status == 201)
        #expect(response.headers["Location"] == "http://localhost:8080/xend/domain//vm3")
        #expect(response.text.hasPrefix("(domain (domid 4)"))
        #expect(response.text.contains("(state --p---)"))
        #expect(!response.text.hasSuffix("''"))
        #expect(host.get("/xend/domain?state=paused").text == "(vm3)")
    }

    @Test("over TCP the Location names the TCP port and the Host header's host name")
    func createOverTCP() throws {
        let host = try RouterHost()
        host.router.tcpListenerBound(port: 8123)
        let response = host.send(
            "POST", "/xend/domain", body: "op=create&config=(vm (name vm4) (memory 64))",
            headers: [("Host", "xenhost1.example.org:8123")], transport: .tcp)
        #expect(response.status == 201)
        #expect(response.headers["Location"] == "http://xenhost1.example.org:8123/xend/domain/vm4")
    }

    @Test(
        "op=create errors carry the original's texts",
        arguments: [
            ("op=create&config=(vm (name vm3)", "(xend.err 'Invalid configuration unexpected EOF')"),
            ("op=create&config=", "(xend.err 'Configuration error list index out of range')"),
            ("op=create&config=)", "(xend.err 'Invalid configuration syntax error: )')"),
            ("op=create", "(xend.err \"Configuration error 'NoneType' object has no attribute '__getitem__'\")"),
            ("op=create&config=(vm (memory 64))", "(xend.err 'Error creating domain: Missing VM Name')"),
            ("op=create&config=(vm (name 'a b'))", "(xend.err 'Error creating domain: Invalid VM Name')"),
        ])
    func createErrors(body: String, expected: String) throws {
        let host = try RouterHost()
        let response = host.post("/xend/domain/", body)
        #expect(response.status == 500)
        #expect(response.contentType == "application/sxp")
        #expect(response.text == expected)
        #expect(response.headers["Location"] == nil)
    }

    @Test("a backend refusal is wrapped as Error creating domain")
    func duplicateName() throws {
        let response = try RouterHost().post("/xend/domain/", "op=create&config=(vm (name vm1) (memory 64))")
        #expect(response.status == 500)
        #expect(response.text.hasPrefix("(xend.err \"Error creating domain: VM name 'vm1' already exists"))
    }

    @Test("op=new defines a managed domain: 200, empty body; it is halted until op=start")
    func define() throws {
        let host = try RouterHost()
        let response = host.post("/xend/domain/", "op=new&config=(vm (name vm6) (memory 128))")
        #expect(response.status == 200)
        #expect(response.body.isEmpty && response.contentType == nil)
        #expect(host.get("/xend/domain?state=halted").text == "(vm2 vm6)")
        #expect(!host.get("/xend/domain/vm6").text.contains("(domid"))
    }

    @Test("save then restore round-trips vm1 through the save directory; restore answers 201 with the record")
    func saveRestore() throws {
        let host = try RouterHost()
        let file = host.saveDirectory + "/vm1.chk"
        let saved = host.post("/xend/domain/vm1", "op=save&file=\(file)")
        #expect(saved.status == 202)
        #expect(saved.body.isEmpty)
        #expect(host.get("/xend/domain").text == "(Domain-0)")
        #expect(access(file, F_OK) == 0)
        let restored = host.post("/xend/domain/", "op=restore&file=\(file)")
        #expect(restored.status == 201)
        #expect(restored.headers["Location"] == "http://localhost:8080/xend/domain//vm1")
        #expect(restored.text.contains("(name vm1)"))
        #expect(host.get("/xend/domain/vm1").status == 200)
    }

    @Test("a failing restore is a 500 with an xend.err body (the original kept 200); Missing parameter too")
    func restoreFailures() throws {
        let host = try RouterHost()
        let missing = host.post("/xend/domain/", "op=restore&file=\(host.saveDirectory)/none.chk")
        #expect(missing.status == 500)
        #expect(missing.reasonPhrase == "Request failed: restore")
        #expect(
            missing.text
                == "(xend.err \"can't read guest state file \(host.saveDirectory)/none.chk: No such file or directory\")"
        )
        let noFile = host.post("/xend/domain/", "op=restore")
        #expect(noFile.status == 500)
        #expect(noFile.text == "(xend.err 'Missing parameter: file')")
    }

    @Test("unknown collection ops are 501 with the original's body")
    func unknownOp() throws {
        let response = try RouterHost().post("/xend/domain", "op=destroy")
        #expect(response.status == 501)
        #expect(response.text == "Operation not implemented: destroy''")
    }
}

#if canImport(Glibc)
    import Glibc
#endif
