import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Client value types")
struct ValueTypeTests {
    @Test(
        "reads --connect endpoints",
        arguments: [
            ("unix:/var/lib/xend/xend-socket", XendClient.Endpoint.unixSocket(path: "/var/lib/xend/xend-socket")),
            ("tcp:localhost:8000", .tcp(host: "localhost", port: 8000)),
            ("tcp:[::1]:8001", .tcp(host: "::1", port: 8001)),
            ("tcp:10.0.0.1:65535", .tcp(host: "10.0.0.1", port: 65535)),
        ]
    )
    func endpoints(text: String, expected: XendClient.Endpoint) {
        #expect(XendClient.Endpoint(parsing: text) == expected)
        #expect(expected.description == text)
    }

    @Test(
        "refuses malformed endpoints",
        arguments: ["", "unix:", "tcp:host", "tcp::80", "tcp:h:0", "tcp:h:70000", "http://x"])
    func badEndpoints(text: String) {
        #expect(XendClient.Endpoint(parsing: text) == nil)
    }

    @Test("reads domain references as UUID, id or name")
    func domainReferences() throws {
        #expect(try DomainReference(parsing: "7").pathSegment == "7")
        #expect(try DomainReference(parsing: "guest-1").pathSegment == "guest-1")
        let uuid = try DomainReference(parsing: "5A8E2F9C-0000-4000-8000-00000000ABCD")
        #expect(uuid.pathSegment == "5a8e2f9c-0000-4000-8000-00000000abcd")
        #expect(throws: XendClientError.self) { try DomainReference(parsing: "bad name!") }
        #expect(DomainReference.id(DomainID(0)).pathSegment == "0")
    }

    @Test("reads and prints MAC addresses")
    func macAddresses() throws {
        let mac = try #require(MACAddress("00:16:3E:0A:FF:01"))
        #expect(mac.description == "00:16:3e:0a:ff:01")
        #expect(MACAddress("00-16-3e-0a-ff-01") == mac)
        #expect(MACAddress("00:16:3e:0a:ff") == nil)
        #expect(MACAddress("00:16:3e:0a:ff:zz") == nil)
        let random = MACAddress.randomXen()
        #expect(random.bytes.prefix(3) == [0x00, 0x16, 0x3e])
        #expect(random.bytes[3] < 0x80)
    }

    @Test("turns disks and interfaces into device S-expressions")
    func devices() {
        let disk = VirtualBlockDevice(backingStore: "phy:/dev/vg0/data", device: "xvdb", mode: .forceReadWrite)
        #expect(
            disk.deviceConfig.toSExpression().description == "(vbd (dev xvdb) (uname phy:/dev/vg0/data) (mode 'w!'))")
        let vif = VirtualNetworkInterface(mac: MACAddress("00:16:3e:00:00:01"), bridge: "xenbr0")
        let text = vif.deviceConfig.toSExpression().description
        #expect(text.hasPrefix("(vif "))
        #expect(text.contains("(mac 00:16:3e:00:00:01)"))
        #expect(text.contains("(bridge xenbr0)"))
        let ports = IOPortRange(ports: 0x3f8...0x3ff)
        #expect(ports.from == "0x3f8")
        #expect(ports.to == "0x3ff")
    }

    @Test(
        "derives the state as libvirt's final driver did",
        arguments: [
            ("r-----", DomainState.running), ("-b----", .blocked), ("--p---", .paused), ("---s--", .shutoff),
            ("----c-", .crashed), ("-----d", .shutdown), ("--ps--", .shutoff), ("------", .noState),
        ]
    )
    func states(flags: String, expected: DomainState) throws {
        var record = DomainRecord(name: try DomainName("vm1"), uuid: UUID(), memory: .mebibytes(256))
        record.domainID = DomainID(3)
        guard let parsed = DomainStateFlags(stateString: flags) else {
            Issue.record("'\(flags)' is not a state string")
            return
        }
        record.state = parsed
        #expect(DomainState(record: record) == expected)
    }

    @Test("gives memory in bytes and CPU time in nanoseconds")
    func domainInfoUnits() throws {
        var record = DomainRecord(
            name: try DomainName("vm1"), uuid: UUID(), memory: .mebibytes(256), maxmem: .mebibytes(512), vcpus: 2)
        record.cpuTime = Seconds(1.5)
        let info = DomainInfo(record: record)
        #expect(info.memory == 268_435_456)
        #expect(info.maxMemory == 536_870_912)
        #expect(info.cpuTime == 1_500_000_000)
        #expect(info.id == nil)
        #expect(info.state == .shutoff)
    }

    @Test("describes errors with the server's message and status")
    func errors() {
        let error = XendClientError.operationFailed("Cannot pause privileged domain 0", httpStatus: 500)
        #expect(error.kind == .operationFailed)
        #expect(error.kind != .noSuchDomain)
        switch error {
        case XendClientError.Kind.operationFailed: break
        default: Issue.record("the kind pattern did not match")
        }
        #expect(error.message == "Cannot pause privileged domain 0")
        #expect(error.httpStatus == 500)
        #expect(error.description == "Cannot pause privileged domain 0 (HTTP 500)")
        let connect = XendClientError.connectionFailed([
            ("unix:/x", "No such file or directory"), ("tcp:localhost:1", "Connection refused"),
        ])
        #expect(connect.endpointsTried == ["unix:/x", "tcp:localhost:1"])
        #expect(
            connect.description
                == "cannot connect to xend: tried unix:/x (No such file or directory), tcp:localhost:1 (Connection refused)"
        )
    }

    @Test("recognises xend.err bodies and nothing else")
    func xendErrBodies() {
        #expect(
            XendClient.xendErrorMessage(in: Array("(xend.err 'Domain is not running')".utf8)) == "Domain is not running"
        )
        #expect(XendClient.xendErrorMessage(in: Array("(xend.err \"can't read\")".utf8)) == "can't read")
        #expect(XendClient.xendErrorMessage(in: Array(" \n( xend.err 'late')".utf8)) == "late")
        #expect(XendClient.xendErrorMessage(in: Array("(node (host h)) (xend.err 'x')".utf8)) == nil)
        #expect(XendClient.xendErrorMessage(in: Array("(domain (name xend.err))".utf8)) == nil)
        #expect(XendClient.xendErrorMessage(in: Array("0".utf8)) == nil)
        #expect(XendClient.xendErrorMessage(in: []) == nil)
    }
}
