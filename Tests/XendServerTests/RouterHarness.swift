import Hypervisor
import Logging
import SimulatedHost
import Testing
import XendModel

@testable import XendHTTP
@testable import XendServer

/// A simulated host in the state of docs/protocol.md#golden-vectors as far as the simulation allows, and a router
/// over it that tests call directly (no sockets).
///
/// Domain-0 (1024 MiB, 2 vcpus), vm1 (domain id 3, uuid 6e5a2f0c-…, 512 MiB, one vif on xenbr0 with MAC
/// 00:16:3e:12:34:56, one vbd phy:/dev/vg0/vm1 as xvda, running) and vm2 (managed, halted). The host has
/// 4 cpus at 2394 MHz and 8192 MiB, Xen 4.1.6, credit scheduler. The clock is manual, so records are
/// the same on every run.
final class RouterHost: Sendable {
    static let vm1UUID = "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f"
    static let vm2UUID = "9a8b7c6d-0000-4000-8000-000000000002"
    static let vm1Config =
        "(vm (name vm1) (uuid \(vm1UUID)) (memory 512) (maxmem 512) (vcpus 1) "
        + "(image (linux (kernel /boot/vmlinuz-2.6.18-xen) (ramdisk /boot/initrd-2.6.18-xen.img) (root /dev/xvda1) (args ro))) "
        + "(device (vif (bridge xenbr0) (mac 00:16:3e:12:34:56))) "
        + "(device (vbd (uname phy:/dev/vg0/vm1) (dev xvda) (mode w))))"

    let directory: String
    let saveDirectory: String
    let clock: ManualClock
    let hypervisor: SimulatedHypervisor
    let router: XendRouter

    /// A fresh host; `populated` adds vm1 and vm2; `migration` is how its op=migrate connects; `scheduler`
    /// is the one Xen runs.
    init(
        populated: Bool = true, relocationPort: Int = 8002,
        migration: any MigrationConnector = PlainMigrationConnector(), secret: MigrationSecret? = nil,
        scheduler: String = "credit"
    ) throws {
        directory = makeTemporaryDirectory()
        saveDirectory = directory + "/save"
        mkdir(saveDirectory, 0o700)
        clock = ManualClock(start: SimulationInstant(secondsSinceEpoch: 1_357_000_000.12))
        var configuration = SimulatedHypervisor.Configuration()
        configuration.clock = clock
        configuration.host.hostName = "xenhost1"
        configuration.host.coresPerSocket = 4
        configuration.host.threadsPerCore = 1
        configuration.host.cpuMHz = 2394
        configuration.host.totalMemory = .mebibytes(8192)
        configuration.host.domain0Memory = .mebibytes(1024)
        configuration.host.domain0VCPUs = 2
        configuration.host.xenMinor = 1
        configuration.host.xenExtra = ".6"
        configuration.host.scheduler = scheduler
        configuration.relocationConnector = migration
        configuration.relocationSecret = secret
        var logger = Logger(label: "xend.simulated")
        logger.logLevel = .critical
        hypervisor = try SimulatedHypervisor(configuration: configuration, logger: logger)
        var settings = RouterSettings()
        settings.saveDirectory = saveDirectory
        settings.relocationPort = relocationPort
        router = XendRouter(backend: hypervisor, settings: settings)
        if populated { try populate() }
    }

    deinit {
        removeTree(directory)
    }

    /// vm1 as domain 3 (two short-lived guests take ids 1 and 2 first), running; vm2 defined.
    private func populate() throws {
        for name in ["scratch1", "scratch2"] {
            let scratch = try hypervisor.createDomain(try VMConfig(parsing: "(vm (name \(name)) (memory 64))"))
            try hypervisor.destroy(try #require(scratch.domainID))
        }
        let vm1 = try hypervisor.createDomain(try VMConfig(parsing: Self.vm1Config))
        try hypervisor.waitForDevices(try #require(vm1.domainID), timeout: nil)
        try hypervisor.unpause(try #require(vm1.domainID))
        _ = try hypervisor.defineDomain(
            try VMConfig(parsing: "(vm (name vm2) (uuid \(Self.vm2UUID)) (memory 256) (vcpus 2))"))
        clock.advance(by: 60)
    }

    /// Sends a request the way libvirt does: `Host: localhost:8000`, no User-Agent, no Accept.
    func send(
        _ method: String, _ target: String, body: String? = nil, headers: [(String, String)] = [],
        transport: HTTPTransport = .unix
    ) -> HTTPResponse {
        var fields = [("Host", "localhost:8000"), ("Accept-Encoding", "identity")]
        if body != nil { fields.append(("Content-Type", "application/x-www-form-urlencoded")) }
        for (name, _) in headers { fields.removeAll { $0.0.lowercased() == name.lowercased() } }
        fields += headers
        let request = HTTPRequest(
            method: method, target: target, headers: HTTPHeaders(fields), body: Array((body ?? "").utf8),
            transport: transport, peerAddress: transport == .tcp ? "127.0.0.1" : nil)
        return router.respond(to: request)
    }

    func get(_ target: String, headers: [(String, String)] = []) -> HTTPResponse {
        send("GET", target, headers: headers)
    }

    func post(_ target: String, _ body: String, transport: HTTPTransport = .unix) -> HTTPResponse {
        send("POST", target, body: body, transport: transport)
    }
}

extension HTTPResponse {
    var text: String { String(decoding: body, as: UTF8.self) }
    var contentType: String? { headers["Content-type"] }
}

#if canImport(Glibc)
    import Glibc
#endif
