import Hypervisor
import XendModel

extension DomainHandlers {
    /// Memory, vcpus, pinning and scheduler ops.
    static let resourceOperations: [DomainOperation: OpHandler<DomainHandlers>] = [
        .memoryTargetSet: OpHandler { handlers, arguments throws(XendError) in
            let target = try mebibytes(try arguments.int(.target))
            try handlers.backend.setMemoryTarget(target, for: try handlers.liveID())
            return .none
        },
        .maximumMemorySet: OpHandler { handlers, arguments throws(XendError) in
            let maximum = try mebibytes(try arguments.int(.memory))
            try handlers.backend.setMaximumMemory(maximum, for: try handlers.liveID())
            return .integer(0)
        },
        .setVCPUs: OpHandler { handlers, arguments throws(XendError) in
            let count = try arguments.int(.vcpus)
            try handlers.backend.setVCPUCount(count, for: try handlers.liveID())
            return .none
        },
        .pinVCPU: OpHandler { handlers, arguments throws(XendError) in
            let vcpuText = try arguments.string(.vcpu)
            let cpumap = try arguments.string(.cpumap)
            let vcpu = vcpuText == "all" ? nil : try PythonInteger.coerce(vcpuText)
            // Every era's form: `0,2`, `[0,2]`, ranges, `^n`, `all` (docs/compatibility.md).
            let cpus = try PinCPUMap(cpumap).cpus { () throws(XendError) in try handlers.backend.nodeRecord().nrCPUs }
            try handlers.backend.pinVCPU(vcpu, to: cpus, for: try handlers.liveID())
            return .integer(0)
        },
        .vcpuInfo: OpHandler { handlers, _ throws(XendError) in
            try handlers.vcpuInfo()
        },
        .creditSchedulerGet: OpHandler { handlers, _ throws(XendError) in
            let parameters: CreditSchedulerParameters
            if let id = handlers.record.domainID {
                parameters = try handlers.backend.creditSchedulerParameters(id)
            } else {
                parameters = try CreditSchedulerParameters(
                    weight: handlers.record.cpuWeight, cap: handlers.record.cpuCap)
            }
            return .value(parameters.toSExpression(), encoding: parameters)
        },
        .creditSchedulerSet: OpHandler { handlers, arguments throws(XendError) in
            let weight = try arguments.int(.weight)
            let cap = try arguments.int(.cap)
            let parameters = try CreditSchedulerParameters(weight: weight, cap: cap)
            try handlers.backend.setCreditSchedulerParameters(parameters, for: try handlers.liveID())
            return .integer(0)
        },
        // xend 4.1+: a live domain's weight from the hypervisor, an inactive one's from its config.
        .credit2SchedulerGet: OpHandler { handlers, _ throws(XendError) in
            let parameters: Credit2SchedulerParameters
            if let id = handlers.record.domainID {
                parameters = try handlers.backend.credit2SchedulerParameters(id)
            } else {
                parameters = try Credit2SchedulerParameters(weight: handlers.record.cpuWeight)
            }
            return .value(parameters.toSExpression(), encoding: parameters)
        },
        .credit2SchedulerSet: OpHandler { handlers, arguments throws(XendError) in
            let parameters = try Credit2SchedulerParameters(weight: try arguments.int(.weight))
            try handlers.backend.setCredit2SchedulerParameters(parameters, for: try handlers.liveID())
            return .integer(0)
        },
        // No host runs SEDF any more (Xen dropped it in 4.6); libxc refused its calls with EINVAL.
        .sedfSchedulerGet: OpHandler { _, _ throws(XendError) in
            throw .schedulerNotInUse
        },
        .sedfSchedulerSet: OpHandler { _, arguments throws(XendError) in
            for name: RequestParameter in [.period, .slice, .latency, .extratime, .weight] {
                _ = try arguments.int(name)
            }
            throw .schedulerNotInUse
        },
        // The back-end function was removed from xend long before its last version, so the op failed
        // with Python's AttributeError before reading any parameter.
        .vifLimitSet: OpHandler { _, _ throws(XendError) in
            throw XendError(.operationFailed, "'XendDomain' object has no attribute 'domain_vif_limit_set'")
        },
        // Xen 3.0.x's xm still sends it; Xen dropped BVT, so the op fails as the original's did on such a host.
        .bvtSchedulerSet: OpHandler { _, _ throws(XendError) in
            throw .bvtSchedulerNotSupported
        },
    ]

    /// MiB from an op parameter; a negative or impossibly large number is refused rather than wrapped.
    static func mebibytes(_ value: Int) throws(XendError) -> Memory {
        guard value >= 0, let memory = Memory.checkedMebibytes(UInt64(value)) else {
            throw XendError(.operationFailed, "Invalid memory size: \(value)")
        }
        return memory
    }
}
