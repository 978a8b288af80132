import Testing

@testable import XendHTTP
@testable import XendServer

/// The ops only Xen 3.0.x's client sent (device_refresh, the BVT scheduler's two), as exact request bytes
/// through the real engine, router and simulated host on both transports. docs/compatibility.md has the rows.
@Suite("Xen 3.0.x ops over real sockets")
struct LegacyOperationWireTests {
    typealias Daemon = LegacyClientWireTests.Daemon

    @Test(
        "op=device_refresh: an existing device, by name or number, answers like device_destroy",
        arguments: HTTPTransport.allCases, ["type=vbd&dev=xvda", "type=vbd&dev=51712"])
    func refresh(transport: HTTPTransport, device: String) throws {
        let daemon = try Daemon()
        let response = try daemon.post("/xend/domain/vm1", "op=device_refresh&\(device)", over: transport)
        #expect(response.statusLine == "HTTP/1.1 200 OK")
        #expect(response.header("Content-Length") == "0")
        #expect(response.bodyText == "")
    }

    @Test(
        "op=device_refresh: an unknown or unplugged device is device_destroy's error",
        arguments: HTTPTransport.allCases)
    func refreshUnknown(transport: HTTPTransport) throws {
        let daemon = try Daemon()
        let unknown = try daemon.post("/xend/domain/vm1", "op=device_refresh&type=vbd&dev=xvdz", over: transport)
        #expect(unknown.statusLine == "HTTP/1.1 500 Request failed: device_refresh")
        #expect(unknown.bodyText == "(xend.err 'Device xvdz is not defined')")
        let wrongClass = try daemon.post("/xend/domain/vm1", "op=device_refresh&type=vif&dev=51712", over: transport)
        #expect(wrongClass.bodyText == "(xend.err 'Device 51712 is not defined')")
        let badType = try daemon.post("/xend/domain/vm1", "op=device_refresh&type=disk&dev=xvda", over: transport)
        #expect(badType.bodyText == "(xend.err 'unknown device type: disk')")

        _ = try daemon.post("/xend/domain/vm1", "op=device_destroy&type=vbd&dev=xvda", over: transport)
        let unplugged = try daemon.post("/xend/domain/vm1", "op=device_refresh&type=vbd&dev=xvda", over: transport)
        #expect(unplugged.statusLine == "HTTP/1.1 500 Request failed: device_refresh")
        #expect(unplugged.bodyText == "(xend.err 'Device xvda is not defined')")
    }

    @Test(
        "op=cpu_bvt_set and op=cpu_bvt_slice_set fail as ops, not 501", arguments: HTTPTransport.allCases,
        [
            ("/xend/domain/vm1", "op=cpu_bvt_set&mcuadv=10&warpback=0&warpvalue=0&warpl=0&warpu=0", "cpu_bvt_set"),
            ("/xend/node/", "op=cpu_bvt_slice_set&ctx_allow=10000", "cpu_bvt_slice_set"),
        ])
    func bvt(transport: HTTPTransport, request: (String, String, String)) throws {
        let daemon = try Daemon()
        let response = try daemon.post(request.0, request.1, over: transport)
        #expect(response.statusLine == "HTTP/1.1 500 Request failed: \(request.2)")
        #expect(response.bodyText == "(xend.err 'BVT scheduler not supported')")
        let stillServing = try daemon.get("/xend/domain/vm1", over: transport)
        #expect(stillServing.statusLine == "HTTP/1.1 200 OK")
    }
}
