import Hypervisor
import SExpression
import XendHTTP
import XendModel

/// `/xend/domain/<dom>`: the record, and every op of docs/protocol.md#domain-ops.
struct DomainHandlers {
    let router: XendRouter
    let request: HTTPRequest
    /// The domain as found when the path was walked.
    let record: DomainRecord

    var backend: any Hypervisor { router.backend }

    /// The record followed by the original's stray `''`; `?op=vcpuinfo` runs that op, any other op on a
    /// GET is ignored (vector #46), and so is `detail` (the whole record is always sent).
    func get() throws(XendError) -> RouteOutcome {
        if request.parameters["op"] == ["vcpuinfo"] {
            return RouteOutcome(reply: try vcpuInfo())
        }
        return RouteOutcome(reply: .value(record.toSExpression(), encoding: record), appendsEmptyString: true)
    }

    /// Runs `op`. Accepted ops (202) carry `Location: <path>/..` whatever happens; deferred ops keep
    /// their status and report a failure in the body, as the original's helper-thread ops did.
    func post(_ op: String) throws(RouteFailure) -> RouteOutcome {
        guard let operation = Self.operations[op] else { throw RouteFailure(error: .operationNotImplemented(op)) }
        var headers: [(String, String)] = []
        if operation.status == 202 {
            headers.append(("Location", request.prePathURL(ports: router.settings.locationPorts) + "/.."))
        }
        do throws(XendError) {
            let reply = try operation.run(self, OpArguments(request.parameters))
            return RouteOutcome(status: operation.status, headers: headers, reply: reply)
        } catch {
            if operation.isDeferred && error.kind != .forbidden {
                return .deferredFailure(error, status: operation.status, headers: headers)
            }
            throw RouteFailure(error: error, headers: headers)
        }
    }

    /// The domain id of a running domain; an inactive managed domain has none.
    func liveID() throws(XendError) -> DomainID {
        guard let id = record.domainID else { throw .domainNotRunning }
        return id
    }

    /// op=vcpuinfo; an inactive domain gets the original's all-zero answer with `cpu -1`.
    func vcpuInfo() throws(XendError) -> XendReply {
        let reply: VCPUInfoReply
        if let id = record.domainID {
            reply = try backend.vcpuInfo(id)
        } else {
            reply = backend.inactiveVCPUInfo(for: record)
        }
        return .value(reply.toSExpression(), encoding: reply)
    }
}

/// One op of `/xend/domain/<dom>`: its success status, whether the original completed it on a helper
/// thread (failures then keep the status), and what it does.
struct DomainOperation: Sendable {
    let status: Int
    let isDeferred: Bool
    let run: @Sendable (DomainHandlers, OpArguments) throws(XendError) -> XendReply

    init(
        _ status: Int = 200, deferred: Bool = false,
        _ run: @escaping @Sendable (DomainHandlers, OpArguments) throws(XendError) -> XendReply
    ) {
        self.status = status
        self.isDeferred = deferred
        self.run = run
    }
}

extension DomainHandlers {
    /// Every op the original's last version served on a domain.
    static let operations: [String: DomainOperation] =
        lifecycleOperations
        .merging(resourceOperations) { first, _ in first }
        .merging(deviceOperations) { first, _ in first }
        .merging(storageOperations) { first, _ in first }
}
