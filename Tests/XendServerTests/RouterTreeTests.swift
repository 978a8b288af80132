import Logging
import Testing
import XendHTTP

@testable import XendServer

/// The resource tree walk and the node resources (docs/protocol.md#resource-tree, docs/protocol.md#node-resources).
@Suite("Router: resource tree")
struct RouterTreeTests {
    @Test(
        "directories resolve with trailing and doubled slashes",
        arguments: [
            ("/xend", "(ls  node domain vnet)''"), ("/xend/", "(ls  node domain vnet)''"),
            ("/xend//", "(ls  node domain vnet)''"), ("/", "(ls )''"), ("//", "(ls )''"),
        ])
    func listings(target: String, body: String) throws {
        let response = try RouterHost(populated: false).get(target)
        #expect(response.status == 200)
        #expect(response.contentType == "application/sxp")
        #expect(response.text == body)
    }

    @Test("the domain collection answers at /xend/domain, /xend/domain/ and /xend/domain//")
    func collectionSlashes() throws {
        let host = try RouterHost()
        for target in ["/xend/domain", "/xend/domain/", "/xend/domain//"] {
            #expect(host.get(target).text == "(Domain-0 vm1)")
        }
        #expect(host.get("/xend/domain/vm1/").text.hasPrefix("(domain (domid 3)"))
        #expect(host.get("/xend/domain//vm1").text.hasPrefix("(domain (domid 3)"))
    }

    @Test(
        "unknown segments are 404 text/plain naming the segment",
        arguments: [
            ("/xend/foo", "Not found: foo"), ("/foo", "Not found: foo"), ("/xend/node/bar", "Not found: bar"),
            ("/xend/domain/vm1/devices", "Not found: devices"), ("/xend/device/vbd", "Not found: device"),
            ("/xend/node/dmesg/x", "Not found: x"), ("/xend/vnet/7", "No such vnet 7"),
        ])
    func notFound(target: String, body: String) throws {
        let response = try RouterHost().get(target)
        #expect(response.status == 404)
        #expect(response.contentType == "text/plain")
        #expect(response.text == body)
    }

    @Test("GET /xend/node is the node record, not a listing, with format 4 and no trailing ''")
    func node() throws {
        let host = try RouterHost(populated: false)
        for target in ["/xend/node", "/xend/node/"] {
            let response = host.get(target)
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("(node (system Linux) (host xenhost1)"))
            #expect(response.text.hasSuffix("(xend_config_format 4))"))
        }
    }

    @Test("the printed node record is reused only while the record is unchanged")
    func nodeCache() throws {
        let host = try RouterHost(populated: false)
        let first = host.get("/xend/node").text
        #expect(host.get("/xend/node").text == first)
        #expect(first.contains("(free_memory 7168)"))
        #expect(host.post("/xend/domain/", "op=create&config=(vm (name vm9) (memory 512))").status == 201)
        let after = host.get("/xend/node").text
        #expect(after.contains("(free_memory 6656)"))
        var calls = 0
        let cache = PrintedRecordCache<Int>()
        for value in [1, 1, 2, 2, 1] {
            _ = cache.text(of: value) {
                calls += 1; return "\($0)"
            }
        }
        #expect(calls == 3)
        #expect(cache.text(of: 1) { _ in "unused" } == "1")
    }

    @Test("dmesg is text/plain; op=clear empties it and answers 200 with no body and no Content-type")
    func dmesg() throws {
        let host = try RouterHost()
        let before = host.get("/xend/node/dmesg")
        #expect(before.contentType == "text/plain")
        #expect(before.text.contains("Domain 3 (vm1) created"))
        let cleared = host.post("/xend/node/dmesg", "op=clear")
        #expect(cleared.status == 200)
        #expect(cleared.body.isEmpty)
        #expect(cleared.contentType == nil)
        #expect(host.get("/xend/node/dmesg").text.isEmpty)
    }

    @Test("the node log is the daemon's log as text/plain: its lines in memory, or its --daemon-log file")
    func log() throws {
        let host = try RouterHost(populated: false)
        let logger = Logger(label: "xend") { DaemonLogHandler(label: $0, destination: host.router.daemonLog) }
        logger.notice("xend ready on unix:/tmp/x")
        let inMemory = host.get("/xend/node/log")
        #expect(inMemory.status == 200 && inMemory.contentType == "text/plain")
        #expect(inMemory.text.hasSuffix("Z notice xend: xend ready on unix:/tmp/x\n"))

        let path = host.directory + "/xend.log"
        let file = try #require(fopen(path, "w"))
        fputs("2013-01-01 00:00:00 xend started\n", file)
        fclose(file)
        let fileLog = DaemonLog(filePath: path, output: nil)
        let router = XendRouter(backend: host.hypervisor, daemonLog: fileLog)
        Logger(label: "xend") { DaemonLogHandler(label: $0, destination: fileLog) }.warning("exposed")
        let response = router.respond(to: HTTPRequest(method: "GET", target: "/xend/node/log"))
        #expect(response.status == 200)
        let text = response.text
        #expect(text.hasPrefix("2013-01-01 00:00:00 xend started\n") && text.hasSuffix("Z warning xend: exposed\n"))
    }

    @Test(
        "node ops: shutdown and reboot answer 0; the BVT slice fails; halt, restart and others are 501",
        arguments: [
            ("/xend/node/", "op=shutdown", 200, "0"), ("/xend/node", "op=reboot", 200, "0"),
            ("/xend/node/", "op=halt", 501, "Operation not implemented: halt''"),
            ("/xend/node/", "op=restart", 501, "Operation not implemented: restart''"),
            ("/xend/node/", "op=cpu_bvt_slice_set&ctx_allow=5", 500, "(xend.err 'BVT scheduler not supported')"),
            ("/xend/node/log", "op=clear", 501, "Operation not implemented: clear''"),
            ("/xend/", "op=list", 501, "Operation not implemented: list''"),
            ("/xend/vnet", "op=create&config=(vnet (id 1))", 500, "(xend.err 'vnets are not supported on this host')"),
        ])
    func nodeOps(target: String, body: String, status: Int, text: String) throws {
        let host = try RouterHost()
        let response = host.post(target, body)
        #expect(response.status == status)
        #expect(response.text == text)
        #expect(response.contentType == "application/sxp")
        #expect(host.get("/xend/domain").text == "(Domain-0 vm1)")
    }

    @Test("GET /xend/vnet is () and HEAD answers like GET (the engine drops the body)")
    func vnetAndHead() throws {
        let host = try RouterHost(populated: false)
        #expect(host.get("/xend/vnet").text == "()")
        let head = host.send("HEAD", "/xend/vnet")
        #expect(head.status == 200)
        #expect(head.text == "()")
    }
}

#if canImport(Glibc)
    import Glibc
#endif
