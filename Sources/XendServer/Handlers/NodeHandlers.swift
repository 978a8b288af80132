import Hypervisor
import SExpression
import XendHTTP
import XendModel

/// `/xend/node`, `/xend/node/dmesg`, `/xend/node/log` and `/xend/vnet` (docs/protocol.md#node-resources);
/// any op these resources do not list is 501, as it was.
struct NodeHandlers {
    let backend: any Hypervisor
    let nodeCache: PrintedRecordCache<NodeRecord>
    let daemonLog: DaemonLog

    func get(_ resource: XendResource) throws(XendError) -> RouteOutcome {
        switch resource {
        case .node:
            // The backend compares the printed record with its own: an unchanged host copies nothing.
            let printed = try nodeCache.entry { (known) throws(XendError) in
                try backend.nodeRecord(ifChangedFrom: known)
            } fresh: { () throws(XendError) in
                try backend.nodeRecord()
            } print: {
                $0.toSExpression().description
            }
            return RouteOutcome(
                reply: .sxpPrinted(printed.text, utf8: printed.utf8, json: JSONBody(printed)),
                replay: NodeRecordReplay(backend: backend, record: printed))
        case .dmesg:
            return RouteOutcome(reply: .plainText(try backend.hypervisorConsole()))
        case .log:
            return RouteOutcome(reply: .plainText(daemonLog.text()))
        case .vnets:
            return RouteOutcome(reply: .value(.list([]), encoding: [String]()))
        default:
            throw XendError(.notFound, "Not found")
        }
    }

    /// The ops of `/xend/node`: the original's node shutdown and reboot did nothing and answered 0
    /// (vector #42); Xen 3.0.x's BVT slice fails, as Xen has no BVT scheduler any more.
    static let nodeOperations: [NodeOperation: OpHandler<NodeHandlers>] = [
        .shutdown: OpHandler { _, _ throws(XendError) in .integer(0) },
        .reboot: OpHandler { _, _ throws(XendError) in .integer(0) },
        .bvtSliceSet: OpHandler { _, _ throws(XendError) in throw .bvtSchedulerNotSupported },
    ]

    /// The op of `/xend/node/dmesg`. The handler's result was discarded: 200 with an empty body and no
    /// Content-type (vector #41).
    static let dmesgOperations: [DmesgOperation: OpHandler<NodeHandlers>] = [
        .clear: OpHandler { handlers, _ throws(XendError) in
            try handlers.backend.clearHypervisorConsole()
            return .none
        }
    ]

    /// The op of `/xend/vnet`: it reads its parameter, then fails as vnets are not supported here.
    static let vnetOperations: [VnetOperation: OpHandler<NodeHandlers>] = [
        .create: OpHandler { _, arguments throws(XendError) in
            _ = try arguments.sxpr(.config)
            throw XendError(.operationFailed, "vnets are not supported on this host")
        }
    ]
}

/// `GET /xend/node` answers the same while the host's record is the one printed: the engine may send the
/// answer again (``ResponseReplay``) after asking the backend, as a request would, whether it changed.
final class NodeRecordReplay: ResponseReplay {
    private let backend: any Hypervisor
    private let record: PrintedRecordCache<NodeRecord>.Entry

    init(backend: any Hypervisor, record: PrintedRecordCache<NodeRecord>.Entry) {
        self.backend = backend
        self.record = record
    }

    func isCurrent() -> Bool {
        // The record is handed to the backend borrowed: passed straight from the entry, it was copied
        // first, a retain and a release of each of its strings (callgrind, docs/performance.md).
        record.withValue { known in
            do {
                return try backend.nodeRecord(ifChangedFrom: known) == nil
            } catch {
                return false
            }
        }
    }

    func replayed(startNanoseconds: Int64) {}
}
