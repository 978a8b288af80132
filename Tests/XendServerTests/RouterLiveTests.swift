import Testing
import XendModel

@testable import XendHTTP
@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// The router behind the real engine, over the Unix socket and TCP: every route and op gives the same
/// status and body as the router called directly, and bad input gets its documented answer.
@Suite("Router: live over both transports", .serialized)
struct RouterLiveTests {
    /// One request per route and per op of docs/protocol.md (method, target, body).
    static let requests: [(String, String, String?)] = {
        var cases: [(String, String, String?)] = [
            ("GET", "/", nil), ("GET", "/xend", nil), ("GET", "/xend/node", nil), ("GET", "/xend/node/dmesg", nil),
            ("GET", "/xend/node/log", nil), ("GET", "/xend/domain", nil), ("GET", "/xend/domain?state=halted", nil),
            ("GET", "/xend/domain?detail=1", nil), ("GET", "/xend/domain/vm1", nil),
            ("GET", "/xend/domain/vm1?op=vcpuinfo", nil),
            ("GET", "/xend/vnet", nil), ("GET", "/xend/vnet/1", nil), ("GET", "/xend/nothing", nil),
            ("POST", "/xend/node", "op=shutdown"), ("POST", "/xend/node", "op=reboot"),
            ("POST", "/xend/node/dmesg", "op=clear"),
            ("POST", "/xend/domain", "op=list"),
            (
                "POST", "/xend/domain",
                "op=create&config=(vm (name vm7) (uuid 0b1c2d3e-0000-4000-8000-000000000007) (memory 64))"
            ),
            (
                "POST", "/xend/domain",
                "op=new&config=(vm (name vm8) (uuid 0b1c2d3e-0000-4000-8000-000000000008) (memory 64))"
            ),
            ("POST", "/xend/domain", "op=restore&file=/tmp/x.chk"),
        ]
        let domainOps = [
            "op=pause", "op=unpause", "op=shutdown&reason=halt", "op=destroy", "op=reset", "op=rename&name=vm9",
            "op=sysrq&key=115", "op=wait_for_devices", "op=save&file=/tmp/vm1.chk",
            "op=dump&file=/tmp/c&live=0&crash=0&reset=0",
            "op=migrate&destination=127.0.0.1&live=0&port=1&node=-1&ssl=0&change_home_server=0",
            "op=mem_target_set&target=256", "op=maxmem_set&memory=600", "op=set_vcpus&vcpus=1",
            "op=pincpu&vcpu=0&cpumap=1", "op=vcpuinfo", "op=devices&type=vif",
            "op=device_create&config=(vif (bridge xenbr1))", "op=device_destroy&type=vif&dev=0&force=0&rm_cfg=0",
            "op=device_configure&config=(vbd (uname phy:/dev/x) (dev xvda) (mode w))&dev=51712",
            "op=configure&config=(vm)", "op=cpu_sedf_get",
            "op=cpu_sedf_set&period=1&slice=1&latency=1&extratime=0&weight=0",
            "op=domain_sched_credit_get", "op=domain_sched_credit_set&weight=9&cap=0", "op=domain_sched_credit2_get",
            "op=domain_sched_credit2_set&weight=9", "op=vif_limit_set", "op=start", "op=delete", "op=nonsense", "",
        ]
        cases += domainOps.map { ("POST", "/xend/domain/vm1", $0) }
        cases += [("POST", "/xend/domain/vm2", "op=start"), ("POST", "/xend/domain/vm2", "op=delete")]
        return cases
    }()

    @Test(
        "every route and op answers over Unix and TCP exactly as the router does directly",
        arguments: HTTPTransport.allCases)
    func everyRoute(transport: HTTPTransport) throws {
        for (method, target, body) in Self.requests {
            let directHost = try RouterHost()
            let direct = directHost.send(method, target, body: body, transport: transport)
            let host = try RouterHost()
            let server = try TestServer(responder: host.router)
            var request = "\(method) \(target) HTTP/1.1\r\nHost: localhost:8000\r\n"
            if let body {
                request += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
                request += "\r\n" + body
            } else {
                request += "\r\n"
            }
            let response = try server.response(request, over: transport)
            let label = "\(transport) \(method) \(target) \(body ?? "")"
            #expect(response.status == direct.status, "\(label)")
            #expect(
                response.bodyText.replacingOccurrences(of: host.directory, with: "$DIR")
                    == direct.text.replacingOccurrences(of: directHost.directory, with: "$DIR"), "\(label)")
            #expect(response.header("Content-type") == direct.contentType, "\(label)")
            #expect(response.header("Location") == direct.headers["Location"], "\(label)")
        }
    }

    @Test("bad input over the socket: malformed config, missing and repeated parameters, unknown op and domain")
    func badInput() throws {
        let host = try RouterHost()
        let server = try TestServer(responder: host.router)
        let cases: [(String, String, Int, String)] = [
            ("/xend/domain/", "op=create&config=(vm (name x", 500, "(xend.err 'Invalid configuration unexpected EOF')"),
            (
                "/xend/domain/", "op=create&config=(vm (name 'x)", 500,
                "(xend.err 'Invalid configuration unexpected EOF')"
            ),
            ("/xend/domain/vm1", "op=mem_target_set", 500, "(xend.err 'Missing parameter: target')"),
            ("/xend/domain/vm1", "op=set_vcpus&vcpus=1&vcpus=1", 500, "(xend.err 'Too many values for vcpus')"),
            ("/xend/domain/vm1", "op=explode", 501, "Operation not implemented: explode''"),
            ("/xend/domain/ghost", "op=pause", 404, "<Fault 3: 'ghost'>"),
            ("/xend/domain/vm1", "op=pause&x=%FF", 400, "(xend.err 'Invalid UTF-8 in value of parameter x')"),
            ("/xend/domain/%FF", "op=pause", 400, "(xend.err 'Invalid UTF-8 in request path')"),
        ]
        for (target, body, status, text) in cases {
            for transport in HTTPTransport.allCases {
                let response = try server.response(
                    RouterGoldenVector.postRequest(target, body), over: transport)
                #expect(response.status == status, "\(target) \(body)")
                #expect(response.bodyText == text, "\(target) \(body)")
            }
        }
    }

    @Test("a body over the cap gets 413 with an xend.err body and the connection is closed")
    func bodyOverCap() throws {
        let host = try RouterHost()
        let server = try TestServer(responder: host.router) { $0.maximumBodySize = 1000 }
        let body = "op=create&config=" + String(repeating: "a", count: 2000)
        let (bytes, closed) = try server.exchange(RouterGoldenVector.postRequest("/xend/domain/", body))
        let response = try #require(try RawResponse.parseAll(bytes).first)
        #expect(response.status == 413)
        #expect(response.bodyText == "(xend.err 'Request body too large (limit 1000 bytes)')")
        #expect(closed)
        #expect(host.get("/xend/domain?state=all").text == "(Domain-0 vm1 vm2)")
    }

    @Test("a client that sends half a request and stalls does not stop others being answered")
    func stalledClient() throws {
        let host = try RouterHost()
        let server = try TestServer(responder: host.router) { $0.threadPoolSize = 1 }
        var stalled: [RawConnection] = []
        for transport in HTTPTransport.allCases {
            let connection = transport == .unix ? try server.unix() : try server.tcp()
            connection.send(
                "POST /xend/domain/vm1 HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nop=pa"
            )
            stalled.append(connection)
        }
        let half = try server.unix()
        half.send("GET /xend/dom")
        stalled.append(half)
        for index in 0..<20 {
            let transport: HTTPTransport = index.isMultiple(of: 2) ? .unix : .tcp
            let response = try server.response(
                "GET /xend/domain HTTP/1.1\r\nHost: localhost:8000\r\n\r\n", over: transport)
            #expect(response.bodyText == "(Domain-0 vm1)")
        }
        #expect(host.get("/xend/domain/vm1").text.contains("(state r-----)"))
        stalled.removeAll()
    }
}
