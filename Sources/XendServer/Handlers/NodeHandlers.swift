import Hypervisor
import SExpression
import XendModel

/// `/xend/node`, `/xend/node/dmesg`, `/xend/node/log` and `/xend/vnet` (docs/protocol.md#node-resources).
struct NodeHandlers {
    let backend: any Hypervisor
    let nodeCache: PrintedRecordCache<NodeRecord>
    let daemonLog: DaemonLog

    func get(_ resource: XendResource) throws(XendError) -> RouteOutcome {
        switch resource {
        case .node:
            let node = try backend.nodeRecord()
            let text = nodeCache.text(of: node) { $0.toSExpression().description }
            return RouteOutcome(reply: .sxpText(text, json: JSONBody(node)))
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

    /// The ops the original's node resources had; any other op is 501, as it was.
    func post(_ op: String, to resource: XendResource, arguments: OpArguments) throws(XendError) -> RouteOutcome {
        switch (resource, op) {
        case (.node, "shutdown"), (.node, "reboot"):
            // The original's node shutdown and reboot did nothing and answered 0 (vector #42).
            return RouteOutcome(reply: .integer(0))
        case (.dmesg, "clear"):
            try backend.clearHypervisorConsole()
            // The handler's result was discarded: 200 with an empty body and no Content-type (vector #41).
            return RouteOutcome(reply: .none)
        case (.vnets, "create"):
            _ = try arguments.sxpr("config")
            throw XendError(.operationFailed, "vnets are not supported on this host")
        default:
            throw .operationNotImplemented(op)
        }
    }
}
