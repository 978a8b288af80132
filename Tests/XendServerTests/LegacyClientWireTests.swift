import Testing

@testable import XendHTTP
@testable import XendServer

/// What clients of every era sent (xm 3.0.x, libvirt's 2006 to 2013 drivers), as exact request bytes, through the
/// real engine, router and simulated host on a Unix socket and on TCP. docs/compatibility.md has the table.
@Suite("Legacy clients over real sockets")
struct LegacyClientWireTests {
    /// A fresh populated host (vm1 is domain 3 with xvda) behind a server on both transports.
    final class Daemon {
        let host: RouterHost
        let server: TestServer

        init() throws {
            host = try RouterHost(relocationPort: try closedLoopbackPort())
            server = try TestServer(responder: host.router)
        }

        /// Sends exactly `request` and reads the single answer.
        func send(_ request: String, over transport: HTTPTransport) throws -> RawResponse {
            try server.response(request, over: transport)
        }

        /// A POST with `body` written as is, headers as libvirt wrote them.
        func post(_ target: String, _ body: String, over transport: HTTPTransport) throws -> RawResponse {
            try send(RouterGoldenVector.postRequest(target, body), over: transport)
        }

        func get(_ target: String, over transport: HTTPTransport) throws -> RawResponse {
            try send(RouterGoldenVector.get("", target).request, over: transport)
        }
    }

    @Test(
        "op=pincpu: every era's cpumap is pinned",
        arguments: HTTPTransport.allCases,
        [
            ("[0,2,3]", "(0 2 3)"), ("[0]", "(0)"), ("0,2", "(0 2)"), ("[0, 1]", "(0 1)"), ("0-3,^2", "(0 1 3)"),
            ("^2", "(0 1 3)"), ("all", "(0 1 2 3)"), ("1-2", "(1 2)"),
        ])
    func pincpu(transport: HTTPTransport, cpumap: (String, String)) throws {
        let daemon = try Daemon()
        let response = try daemon.post("/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=\(cpumap.0)", over: transport)
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.bodyText == "0")
        let info = try daemon.get("/xend/domain/vm1?op=vcpuinfo", over: transport)
        #expect(info.bodyText.contains("(cpumap \(cpumap.1))"))
    }

    @Test("op=pincpu: a cpumap that is no number fails with the op's status line", arguments: HTTPTransport.allCases)
    func badCPUMap(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let response = try daemon.post("/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=x", over: transport)
        #expect(response.statusLine == "HTTP/1.1 500 Request failed: pincpu")
        #expect(response.bodyText == #"(xend.err "invalid literal for int() with base 10: 'x'")"#)
    }

    @Test(
        "op=sysrq: the key as a character (libvirt 2006) or its code (xm)", arguments: HTTPTransport.allCases,
        ["s", "115"])
    func sysrq(transport: HTTPTransport, key: String) throws {
        let daemon = try Daemon()
        let response = try daemon.post("/xend/domain/vm1", "op=sysrq&key=\(key)", over: transport)
        #expect(response.statusLine == "HTTP/1.1 202 Accepted")
        #expect(response.header("Location") != nil)
        #expect(response.header("Content-Length") == "0")
    }

    @Test(
        "op=device_destroy: 3.0.x's form without force, by name or by number", arguments: HTTPTransport.allCases,
        ["dev=xvdb", "dev=51728", "dev=xvdb&force=0&rm_cfg=1"])
    func deviceDestroy(transport: HTTPTransport, device: String) throws {
        let daemon = try Daemon()
        let created = try daemon.post(
            "/xend/domain/vm1", "op=device_create&config=(vbd (uname phy:/dev/vg0/vm1b) (dev xvdb) (mode w))",
            over: transport)
        #expect(created.bodyText == "(vbd (dom 3 id 51728))")
        let response = try daemon.post("/xend/domain/vm1", "op=device_destroy&type=vbd&\(device)", over: transport)
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-Length") == "0")
        // The guest runs, so the device is closing (state 5) rather than gone, and cannot be found again.
        let devices = try daemon.post("/xend/domain/vm1", "op=devices&type=vbd", over: transport)
        #expect(devices.bodyText.contains("(51728 ((backend /local/domain/0/backend/vbd/3/51728)"))
        #expect(devices.bodyText.contains("(state 5) (virtual-device 51728)"))
        let again = try daemon.post("/xend/domain/vm1", "op=device_destroy&type=vbd&dev=xvdb", over: transport)
        #expect(again.statusLine == "HTTP/1.1 500 Request failed: device_destroy")
        #expect(again.bodyText == "(xend.err 'Device xvdb is not defined')")
    }

    @Test("op=device_destroy: force sent twice is still refused", arguments: HTTPTransport.allCases)
    func deviceDestroyTwice(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let response = try daemon.post(
            "/xend/domain/vm1", "op=device_destroy&type=vbd&dev=xvda&force=0&force=1", over: transport)
        #expect(response.statusLine == "HTTP/1.1 500 Request failed: device_destroy")
        #expect(response.bodyText == "(xend.err 'Too many values for force')")
    }

    @Test("op=create: libvirt's two serial ports in an HVM image", arguments: HTTPTransport.allCases)
    func serialList(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let config =
            "(vm (name hvm1) (memory 128) (image (hvm (kernel /usr/lib/xen/boot/hvmloader) (boot c) "
            + "(serial (/dev/ttyS0 /dev/ttyS1)))))"
        let response = try daemon.post("/xend/domain/", "op=create&config=" + config, over: transport)
        #expect(response.statusLine == "HTTP/1.1 201 created")
        #expect(response.bodyText.contains("(serial (/dev/ttyS0 /dev/ttyS1))"))
        let record = try daemon.get("/xend/domain/hvm1", over: transport)
        #expect(record.bodyText.contains("(serial (/dev/ttyS0 /dev/ttyS1))"))
    }

    @Test(
        "status lines carry the original's reason phrases byte for byte", arguments: HTTPTransport.allCases,
        [
            ("GET", "/xend/domain/nosuch", "", "HTTP/1.1 404 Not found"),
            ("GET", "/xend/foo", "", "HTTP/1.1 404 Not found"),
            ("POST", "/xend/domain/Domain-0", "op=pause", "HTTP/1.1 500 Request failed: pause"),
            ("POST", "/xend/domain/vm1", "op=frobnicate", "HTTP/1.1 501 Operation not implemented: frobnicate"),
            ("POST", "/xend/domain/vm1", "foo=bar", "HTTP/1.1 406 Invalid request"),
            ("POST", "/xend/domain/vm1", "op=pause&op=unpause", "HTTP/1.1 406 Invalid request"),
            ("POST", "/xend/domain/", "op=create&config=(vm (name vm9) (memory 64))", "HTTP/1.1 201 created"),
            ("POST", "/xend/domain/vm1", "op=destroy", "HTTP/1.1 202 Accepted"),
            ("POST", "/xend/domain/vm1", "op=pause", "HTTP/1.1 200 OK"),
            ("GET", "/xend/node/", "", "HTTP/1.1 200 OK"),
            ("PUT", "/xend/domain/vm1", "", "HTTP/1.1 501 Not implemented"),
        ])
    func reasonPhrases(transport: HTTPTransport, exchange: (String, String, String, String)) throws {
        let daemon = try Daemon()
        let (method, target, body, statusLine) = exchange
        let request =
            method == "POST"
            ? RouterGoldenVector.postRequest(target, body)
            : "\(method) \(target) HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"
        #expect(try daemon.send(request, over: transport).statusLine == statusLine)
    }

    @Test("an op name cannot break the status line", arguments: HTTPTransport.allCases)
    func phraseInjection(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let response = try daemon.post("/xend/domain/vm1", "op=x%0d%0aInjected:%20yes", over: transport)
        #expect(response.statusLine == "HTTP/1.1 501 Operation not implemented: x??Injected: yes")
        #expect(response.header("Injected") == nil)
        let long = String(repeating: "a", count: 1000)
        let cut = try daemon.post("/xend/domain/vm1", "op=" + long, over: transport)
        #expect(cut.statusLine.utf8.count == "HTTP/1.1 501 ".utf8.count + HTTPResponse.maximumReasonPhraseLength)
    }

    @Test("a failed deferred op is a 500 with its xend.err body", arguments: HTTPTransport.allCases)
    func deferredFailure(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let restore = try daemon.post("/xend/domain/", "op=restore&file=/nonexistent.chk", over: transport)
        #expect(restore.status == 500 || restore.status == 403)
        let missing = try daemon.post(
            "/xend/domain/", "op=restore&file=\(daemon.host.saveDirectory)/missing.chk", over: transport)
        #expect(missing.statusLine == "HTTP/1.1 500 Request failed: restore")
        #expect(missing.bodyText.hasPrefix("(xend.err "))
    }

    /// Requests of every kind, good and bad, as libvirt and xm sent them.
    static let clientRequests: [(String, String, String)] = [
        ("GET", "/xend/node/", ""), ("GET", "/xend/domain", ""), ("GET", "/xend/domain?detail=1", ""),
        ("GET", "/xend/domain?state=halted", ""), ("GET", "/xend/domain/vm1?detail=1", ""),
        ("GET", "/xend/domain/vm1?op=vcpuinfo", ""), ("GET", "/xend/domain/nosuch", ""), ("GET", "/xend/vnet", ""),
        ("POST", "/xend/domain/vm1", "op=pause"), ("POST", "/xend/domain/vm1", "op=unpause"),
        ("POST", "/xend/domain/vm1", "op=mem_target_set&target=256"),
        ("POST", "/xend/domain/vm1", "op=mem_target_set&target=lots"),
        ("POST", "/xend/domain/vm1", "op=maxmem_set&memory=512"), ("POST", "/xend/domain/vm1", "op=set_vcpus&vcpus=1"),
        ("POST", "/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=[1,3]"),
        ("POST", "/xend/domain/vm1", "op=domain_sched_credit_set&weight=512&cap=0"),
        ("POST", "/xend/domain/vm1", "op=domain_sched_credit_get"),
        ("POST", "/xend/domain/vm1", "op=sysrq&key=s"), ("POST", "/xend/domain/vm1", "op=frobnicate"),
        ("POST", "/xend/domain/vm1", "foo=bar"), ("POST", "/xend/domain/Domain-0", "op=destroy"),
        ("POST", "/xend/domain/vm1", "op=migrate&destination=127.0.0.1&live=1&resource=0"),
        ("POST", "/xend/domain/vm1", "op=dump&file=/nonexistent/dir/core&live=0&crash=0"),
        ("POST", "/xend/domain/", "op=restore&file=/nonexistent.chk"),
        ("POST", "/xend/domain/", "op=create&config=(vm (name vm3)"),
        ("POST", "/xend/domain/", "op=create&config=(vm (name vm4) (memory 64))"),
        ("POST", "/xend/domain/vm4", "op=wait_for_devices"), ("POST", "/xend/domain/vm4", "op=unpause"),
        ("POST", "/xend/domain/vm4", "op=shutdown&reason=halt"), ("POST", "/xend/domain/vm2", "op=start"),
        ("POST", "/xend/node/", "op=shutdown"), ("POST", "/xend/node/dmesg", "op=clear"),
    ]

    @Test(
        "client failure modes: HTTP/1.1, Content-Length, errors non-2xx, clean successes",
        arguments: HTTPTransport.allCases)
    func clientFailureModes(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        for (method, target, body) in Self.clientRequests {
            let request =
                method == "POST"
                ? RouterGoldenVector.postRequest(target, body) : RouterGoldenVector.get("", target).request
            let response = try daemon.send(request, over: transport)
            let what = "\(method) \(target) \(body)"
            #expect(response.statusLine.hasPrefix("HTTP/1.1 "), "\(what)")
            #expect(response.header("Content-Length") == String(response.body.count), "\(what)")
            let status = try #require(response.status)
            if (200...202).contains(status) {
                #expect(!response.bodyText.contains("failed"), "\(what): \(response.bodyText)")
                #expect(!response.bodyText.contains("xend.err"), "\(what): \(response.bodyText)")
            } else if status == 500 {
                #expect(response.bodyText.hasPrefix("(xend.err "), "\(what): \(response.bodyText)")
                #expect(response.statusLine.hasPrefix("HTTP/1.1 500 Request failed: "), "\(what)")
            }
            if response.bodyText.contains("xend.err") { #expect(status >= 300, "\(what)") }
        }
    }

    @Test("an ordinary guest's record fits libvirt 2006's 4 KiB buffer", arguments: HTTPTransport.allCases)
    func recordSize(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let config =
            "(vm (name hvm1) (memory 1024) (vcpus 2) (on_crash restart) (image (hvm (kernel /usr/lib/xen/boot/hvmloader) "
            + "(device_model /usr/lib/xen/bin/qemu-dm) (boot c) (acpi 1) (apic 1) (pae 1) (vnc 1) (vncunused 1) "
            + "(vnclisten 127.0.0.1) (usb 1) (usbdevice tablet) (serial pty) (localtime 0))) "
            + "(device (vbd (uname phy:/dev/vg0/hvm1) (dev hda:disk) (mode w))) "
            + "(device (vbd (uname file:/srv/iso/install.iso) (dev hdc:cdrom) (mode r))) "
            + "(device (vif (mac 00:16:3e:00:00:09) (bridge xenbr0) (type ioemu))))"
        let created = try daemon.post("/xend/domain/", "op=create&config=" + config, over: transport)
        #expect(created.status == 201)
        for name in ["vm1", "hvm1"] {
            let record = try daemon.get("/xend/domain/\(name)?detail=1", over: transport)
            #expect(record.status == 200)
            #expect(record.body.count < 4096, "\(name): \(record.body.count) bytes")
            #expect(record.bodyText.hasPrefix("(domain "))
        }
    }
}
