import Foundation
import Testing
import XendModel

@testable import XendClientKit

/// op=migrate between real daemons on the simulated host: the sender's backend connects to the
/// receiver's relocation server (`--relocation-server`, a free loopback port) and the domain moves.
@Suite("Migration", .needsDaemon)
struct XendClientMigrationTests {
    @Test("a running domain moves to another daemon, with its uuid, config and memory", arguments: Transport.allCases)
    func toAnotherDaemon(transport: Transport) async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [])
        defer { destination.stop() }
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "mig")
            let before = try await xend.domain(domain)
            try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort), live: true)

            let gone = await #expect(throws: XendClientError.self) { try await xend.domain(domain) }
            #expect(gone?.kind == .noSuchDomain)
            try await XendClient.withClient(destination.client(transport)) { there in
                let arrived = try await there.domain(domain)
                #expect(arrived.uuid == before.uuid)
                #expect(arrived.memory == before.memory)
                #expect(arrived.maxMemory == before.maxMemory)
                #expect(arrived.vcpus == before.vcpus)
                #expect(arrived.id != nil)
                #expect([.running, .blocked].contains(arrived.state))
                #expect(arrived.record.image == before.record.image)
                #expect(arrived.record.devices.count == before.record.devices.count)
                #expect(arrived.record.onReboot == before.record.onReboot)
            }
        }
    }

    @Test("a migration to the daemon's own relocation server keeps the domain, under a new id")
    func toItself() async throws {
        let daemon = try await XendDaemon.start(relocationHostsAllow: [])
        defer { daemon.stop() }
        try await XendClient.withClient(daemon.client(.unix)) { xend in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "loop")
            let before = try await xend.domain(domain)
            try await xend.migrate(domain, to: "localhost", port: try #require(daemon.relocationPort), live: false)
            let after = try await xend.domain(domain)
            #expect(after.uuid == before.uuid)
            #expect(after.id != before.id)
            #expect([.running, .blocked].contains(after.state))
            #expect(try await xend.domains().filter { $0 == before.name }.count == 1)
        }
    }

    @Test("a peer outside xend-relocation-hosts-allow is refused; the domain runs on here")
    func refusedByHostsAllow() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: ["^10\\."])
        defer { destination.stop() }
        try await XendDaemon.with(.unix) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "deny")
            let before = try await xend.domain(domain)
            let error = await #expect(throws: XendClientError.self) {
                try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort))
            }
            #expect(error?.kind == .operationFailed)
            #expect(error?.message == "Migration failed: Host not allowed: 127.0.0.1")
            let after = try await xend.domain(domain)
            #expect(after.id == before.id)
            #expect([.running, .blocked].contains(after.state))
            #expect(destination.log.contains("refused 127.0.0.1: not in xend-relocation-hosts-allow"))
        }
    }

    @Test("a name another domain holds at the destination: its error, and the domain runs on here")
    func nameTakenAtDestination() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [])
        defer { destination.stop() }
        try await XendDaemon.with(.tcp) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "clash")
            let before = try await xend.domain(domain)
            try await XendClient.withClient(destination.client(.unix)) { there in
                _ = try await there.create(try TestDomains.config(name: before.name.rawValue))
            }
            let error = await #expect(throws: XendClientError.self) {
                try await xend.migrate(domain, to: "127.0.0.1", port: try #require(destination.relocationPort))
            }
            #expect(
                error?.message.hasPrefix("Migration failed: VM name '\(before.name.rawValue)' already exists") == true)
            let after = try await xend.domain(domain)
            #expect(after.id == before.id)
            #expect([.running, .blocked].contains(after.state))
        }
    }

    @Test("the relocation server answers bad requests with an error line and keeps receiving")
    func badRequests() async throws {
        let destination = try await XendDaemon.start(relocationHostsAllow: [])
        defer { destination.stop() }
        let port = try #require(destination.relocationPort)
        let header = Array("receive\nXSIMSAVE".utf8) + [0, 0, 0, 1]
        let cases: [(sent: [UInt8], answer: String)] = [
            (Array("hello\n".utf8), "error unknown relocation request 'hello'\n"),
            (Array(repeating: UInt8(ascii: "r"), count: 5000), "error Migration failed: protocol line too long\n"),
            (Array("receive\nXSIMSAVE".utf8), "receiving\nerror Migration failed: the connection closed early\n"),
            (
                Array("receive\nnot a guest at all".utf8),
                "receiving\nerror Migration failed: not a valid guest state: not from the simulated host\n"
            ),
            (
                header + [0xFF, 0xFF, 0xFF, 0xFF],
                "receiving\nerror Migration failed: not a valid guest state: config of 4294967295 bytes\n"
            ),
            (
                // No config, no state, and a memory image larger than any guest of the host could have.
                header + [0, 0, 0, 0] + [0, 0, 0, 0] + [0, 0, 0, 0, 0x40, 0, 0, 0],
                "receiving\nerror Migration failed: not a valid guest state: memory image of 1073741824 bytes\n"
            ),
        ]
        for (sent, answer) in cases {
            let received = try RawTCP.exchange(port: port, sending: sent)
            #expect(received == answer, "sent \(sent.prefix(40))")
        }
        try await XendDaemon.with(.unix) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "after")
            try await xend.migrate(domain, to: "127.0.0.1", port: port, live: true)
            try await XendClient.withClient(destination.client(.unix)) { there in
                let arrived = try await there.domain(domain)
                #expect(arrived.id != nil)
            }
        }
    }
}

/// One TCP exchange with a loopback port: send, half-close, read to the end.
enum RawTCP {
    static func exchange(port: Int, sending bytes: [UInt8]) throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0, "cannot connect to 127.0.0.1:\(port)")
        _ = bytes.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
        shutdown(socket, Int32(SHUT_WR))
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
