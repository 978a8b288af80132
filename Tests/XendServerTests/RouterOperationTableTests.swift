import Testing
import XendHTTP
import XendModel

@testable import XendServer

/// The router's op tables and the shared vocabulary cover each other: an op cannot be added to the
/// vocabulary (which the client speaks) without the router serving it, and every table is keyed by it.
@Suite("Router op tables")
struct RouterOperationTableTests {
    @Test("every op of the vocabulary has a handler in its resource's table")
    func tablesCoverVocabulary() {
        #expect(Set(DomainHandlers.operations.keys) == Set(DomainOperation.allCases))
        #expect(Set(DomainCollectionHandlers.operations.keys) == Set(DomainCollectionOperation.allCases))
        #expect(Set(NodeHandlers.nodeOperations.keys) == Set(NodeOperation.allCases))
        #expect(Set(NodeHandlers.dmesgOperations.keys) == Set(DmesgOperation.allCases))
        #expect(Set(NodeHandlers.vnetOperations.keys) == Set(VnetOperation.allCases))
    }

    @Test("no domain op answers 501 through the router", arguments: DomainOperation.allCases)
    func domainOpsAreServed(op: DomainOperation) throws {
        let host = try RouterHost()
        let response = host.post("/xend/domain/vm1", "op=\(op.rawValue)")
        #expect(response.status != 501, "\(op.rawValue): \(response.text)")
        #expect(!response.text.hasPrefix("Operation not implemented"))
    }

    @Test("collection, node, dmesg and vnet ops are served where they belong and 501 elsewhere")
    func otherOpsAreServed() throws {
        let host = try RouterHost()
        for op in DomainCollectionOperation.allCases {
            let body = "op=\(op.rawValue)&config=(vm (name fresh\(op.rawValue)) (memory 64))&file=/nonexistent"
            #expect(host.post("/xend/domain", body).status != 501, "\(op.rawValue)")
            #expect(host.post("/xend/node", "op=\(op.rawValue)").status == 501, "\(op.rawValue)")
        }
        for op in NodeOperation.allCases {
            // The BVT slice fails (500) as Xen has no BVT scheduler; what matters here is that it is served.
            #expect(host.post("/xend/node", "op=\(op.rawValue)").status == (op == .bvtSliceSet ? 500 : 200))
            #expect(host.post("/xend/node/dmesg", "op=\(op.rawValue)").status == 501)
        }
        for op in DmesgOperation.allCases {
            #expect(host.post("/xend/node/dmesg", "op=\(op.rawValue)").status == 200)
            let onLog = host.post("/xend/node/log", "op=\(op.rawValue)")
            #expect(onLog.status == 501)
            #expect(onLog.text == "Operation not implemented: \(op.rawValue)''")
        }
        for op in VnetOperation.allCases {
            #expect(host.post("/xend/vnet", "op=\(op.rawValue)&config=(vnet)").status == 500)
        }
    }
}
