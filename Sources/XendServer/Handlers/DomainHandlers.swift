import Hypervisor
import SExpression
import XendHTTP
import XendModel

/// `/xend/domain/<dom>`: the record, and every op of docs/protocol.md#domain-ops (their table is
/// ``operations``; ``XendRouter`` runs them).
struct DomainHandlers {
    let router: XendRouter
    let request: HTTPRequest
    /// The domain as found when the path was walked.
    let record: DomainRecord

    var backend: any Hypervisor { router.backend }

    /// The record followed by the original's stray `''`; `?op=vcpuinfo` runs that op, any other op on a
    /// GET is ignored (vector #46), and so is `detail` (the whole record is always sent).
    func get() throws(XendError) -> RouteOutcome {
        if request.parameters[RequestParameter.op.rawValue] == [DomainOperation.vcpuInfo.rawValue] {
            return RouteOutcome(reply: try vcpuInfo())
        }
        return RouteOutcome(reply: .value(record.toSExpression(), encoding: record), appendsEmptyString: true)
    }

    /// The domain id of a running domain; an inactive managed domain has none.
    func liveID() throws(XendError) -> DomainID {
        guard let id = record.domainID else { throw .domainNotRunning }
        return id
    }

    /// op=vcpuinfo; an inactive domain gets the original's all-zero answer with `cpu -1`.
    func vcpuInfo() throws(XendError) -> HandlerReply {
        let reply: VCPUInfoReply
        if let id = record.domainID {
            reply = try backend.vcpuInfo(id)
        } else {
            reply = backend.inactiveVCPUInfo(for: record)
        }
        return .value(reply.toSExpression(), encoding: reply)
    }
}

extension DomainHandlers {
    /// Every op the original's last version served on a domain.
    static let operations: [DomainOperation: OpHandler<DomainHandlers>] =
        lifecycleOperations
        .merging(resourceOperations) { first, _ in first }
        .merging(deviceOperations) { first, _ in first }
        .merging(storageOperations) { first, _ in first }
}
