import FoundationEssentials
import SExpression
import Testing

@testable import XendModel

@Suite("Node record")
struct NodeRecordTests {
    /// Vector #2's host, built from values.
    static let vector2 = NodeRecord(
        system: "Linux", host: "xenhost1", release: "2.6.18-xen", version: "#1 SMP Tue Jan 1 00:00:00 UTC 2013",
        machine: "x86_64", nrCPUs: 4, nrNodes: 1, coresPerSocket: 4, threadsPerCore: 1, cpuMHz: 2394,
        hwCaps: "bfebfbff:28100800:00000000:00000940:0098e3fd:00000000:00000001:00000000", virtCaps: "hvm",
        totalMemory: .mebibytes(8191), freeMemory: .mebibytes(6843), freeCPUs: 0, xenMajor: 4, xenMinor: 1,
        xenExtra: ".6", xenCaps: "xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
        xenScheduler: "credit", xenPagesize: 4096, platformParams: "virt_start=0xffff800000000000",
        xenChangeset: "unavailable", xenCommandline: "dom0_mem=1024M", ccCompiler: "gcc version 4.4.7 (GCC)",
        ccCompileBy: "root", ccCompileDomain: "example.org", ccCompileDate: "Tue Jan  1 00:00:00 UTC 2013",
        xendConfigFormat: 4)

    @Test("vector #2: values print byte for byte")
    func printsVector2() {
        #expect(Self.vector2.toSExpression().description == GoldenVectors.node2)
    }

    @Test("vector #2 parses to the same values and prints back")
    func parsesVector2() throws {
        let node = try NodeRecord(parsed(GoldenVectors.node2))
        #expect(node == Self.vector2)
        #expect(node.totalMemory.inKibibytes == 8191 * 1024)
        #expect(node.toSExpression().description == GoldenVectors.node2)
    }

    @Test("vector #3 (3.0.0 host, sockets_per_node, no xend_config_format) round-trips")
    func roundTripsVector3() throws {
        let node = try NodeRecord(parsed(GoldenVectors.node3))
        #expect(node.socketsPerNode == 1)
        #expect(node.xendConfigFormat == nil)
        #expect(node.xenScheduler == nil)
        #expect(node.toSExpression().description == GoldenVectors.node3)
    }

    @Test("sockets_per_node follows nr_nodes and node_to_cpu follows free_memory")
    func optionalKeyPositions() throws {
        var node = Self.vector2
        node.socketsPerNode = 1
        node.nodeToCPU = NodeRecord.nodeToCPUText([[0, 1, 2, 3]])
        let keys = node.toSExpression().tail.compactMap(\.head)
        #expect(keys[6...8] == ["nr_nodes", "sockets_per_node", "cores_per_socket"])
        let free = try #require(keys.firstIndex(of: "free_memory"))
        #expect(keys[free + 1] == "node_to_cpu")
        #expect(try NodeRecord(node.toSExpression()) == node)
    }

    @Test("node_to_cpu text both ways")
    func nodeToCPU() throws {
        let text = NodeRecord.nodeToCPUText([[0, 1, 2, 3], [], [4, 6, 7]])
        #expect(
            text == "node0:0-3\n" + String(repeating: " ", count: 25) + "node1:no cpus\n"
                + String(repeating: " ", count: 25) + "node2:4,6-7")
        #expect(try NodeRecord.cpusByNode(fromNodeToCPU: text) == [[0, 1, 2, 3], [], [4, 6, 7]])
        #expect(NodeRecord.nodeToCPUText([]) == "none")
        #expect(try NodeRecord.cpusByNode(fromNodeToCPU: "none") == [])
        #expect(throws: XendError.self) { try NodeRecord.cpusByNode(fromNodeToCPU: "cpu0:1") }
    }

    @Test("a missing required key is named in the error")
    func missingKey() throws {
        let error = xendError { _ = try NodeRecord(parsed("(node (system Linux))")) }
        #expect(error?.message == "Missing field host in (node ...)")
        #expect(error?.kind == .badRequest)
    }

    @Test("unknown keys are kept and printed last")
    func unknownKeys() throws {
        var expression = Self.vector2.toSExpression().listValue!
        expression.append(.pair("numa_info", .atom("node: memsize memfree distances")))
        let node = try NodeRecord(.list(expression))
        #expect(node.extra.elements == [.pair("numa_info", .atom("node: memsize memfree distances"))])
        #expect(node.toSExpression() == .list(expression))
    }

    @Test("JSON uses the S-expression keys with MiB named")
    func json() throws {
        #expect(try jsonRoundTrip(Self.vector2) == Self.vector2)
        let text = try jsonText(Self.vector2)
        #expect(text.contains(#""total_memory_mib":8191"#))
        #expect(text.contains(#""free_memory_mib":6843"#))
        #expect(text.contains(#""xend_config_format":4"#))
        #expect(text.contains(#""nr_cpus":4"#))
        #expect(!text.contains("socketsPerNode"))
    }
}
