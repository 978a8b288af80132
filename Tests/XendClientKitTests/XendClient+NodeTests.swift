import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Node calls", .needsDaemon)
struct XendClientNodeTests {
    @Test("node() converts MiB to bytes in one place and keeps the record", arguments: Transport.allCases)
    func node(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let node = try await xend.node()
            #expect(node.totalMemory == node.record.totalMemory.inMebibytes << 20)
            #expect(node.freeMemory <= node.totalMemory)
            #expect(node.configFormat == 4)
            #expect(node.cpuCount == node.record.nrCPUs)
            #expect(node.versionNumber >= node.xenMajor * 1_000_000 + node.xenMinor * 1_000)
            #expect(node.socketsPerNode * node.coresPerSocket * node.threadsPerCore * node.nodeCount == node.cpuCount)
        }
    }

    @Test("node shutdown and restart are accepted", arguments: Transport.allCases)
    func nodePower(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            try await xend.shutdownNode()
            try await xend.restartNode()
            #expect(try await xend.node().cpuCount > 0)
        }
    }

    @Test("dmesg, clearing it, and the log", arguments: Transport.allCases)
    func dmesgAndLog(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let before = try await xend.dmesg()
            #expect(!before.isEmpty)
            try await xend.clearDmesg()
            #expect(try await xend.dmesg().count < before.count)
            await #expect(throws: XendClientError.self) { try await xend.pause("Domain-0") }
            let log = try await xend.log()
            #expect(log.contains("pause"))
        }
    }
}
