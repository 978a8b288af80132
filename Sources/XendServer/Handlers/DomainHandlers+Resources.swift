import Hypervisor
import XendModel

extension DomainHandlers {
    /// The error text libxc gave the original for a scheduler the host does not run (`EINVAL`).
    static let wrongScheduler = XendError(.operationFailed, "(22, 'Invalid argument')")

    /// Memory, vcpus, pinning and scheduler ops.
    static let resourceOperations: [String: DomainOperation] = [
        "mem_target_set": DomainOperation { handlers, arguments throws(XendError) in
            let target = try mebibytes(try arguments.int("target"))
            try handlers.backend.setMemoryTarget(target, for: try handlers.liveID())
            return .none
        },
        "maxmem_set": DomainOperation { handlers, arguments throws(XendError) in
            let maximum = try mebibytes(try arguments.int("memory"))
            try handlers.backend.setMaximumMemory(maximum, for: try handlers.liveID())
            return .integer(0)
        },
        "set_vcpus": DomainOperation { handlers, arguments throws(XendError) in
            let count = try arguments.int("vcpus")
            try handlers.backend.setVCPUCount(count, for: try handlers.liveID())
            return .none
        },
        "pincpu": DomainOperation { handlers, arguments throws(XendError) in
            let vcpuText = try arguments.string("vcpu")
            let cpumap = try arguments.string("cpumap")
            let vcpu = vcpuText == "all" ? nil : try PythonInteger.coerce(vcpuText)
            // Every era's form: `0,2`, `[0,2]`, ranges, `^n`, `all` (docs/compatibility.md).
            let cpus = try PinCPUMap(cpumap).cpus { () throws(XendError) in try handlers.backend.nodeRecord().nrCPUs }
            try handlers.backend.pinVCPU(vcpu, to: cpus, for: try handlers.liveID())
            return .integer(0)
        },
        "vcpuinfo": DomainOperation { handlers, _ throws(XendError) in
            try handlers.vcpuInfo()
        },
        "domain_sched_credit_get": DomainOperation { handlers, _ throws(XendError) in
            let parameters: CreditSchedulerParameters
            if let id = handlers.record.domainID {
                parameters = try handlers.backend.creditSchedulerParameters(id)
            } else {
                parameters = try CreditSchedulerParameters(
                    weight: handlers.record.cpuWeight, cap: handlers.record.cpuCap)
            }
            return .value(parameters.toSExpression(), encoding: parameters)
        },
        "domain_sched_credit_set": DomainOperation { handlers, arguments throws(XendError) in
            let weight = try arguments.int("weight")
            let cap = try arguments.int("cap")
            let parameters = try CreditSchedulerParameters(weight: weight, cap: cap)
            try handlers.backend.setCreditSchedulerParameters(parameters, for: try handlers.liveID())
            return .integer(0)
        },
        // The host runs the credit scheduler; libxc refused the other schedulers' calls with EINVAL.
        "domain_sched_credit2_get": DomainOperation { _, _ throws(XendError) in
            throw wrongScheduler
        },
        "domain_sched_credit2_set": DomainOperation { _, arguments throws(XendError) in
            _ = try arguments.int("weight")
            throw wrongScheduler
        },
        "cpu_sedf_get": DomainOperation { _, _ throws(XendError) in
            throw wrongScheduler
        },
        "cpu_sedf_set": DomainOperation { _, arguments throws(XendError) in
            for name in ["period", "slice", "latency", "extratime", "weight"] { _ = try arguments.int(name) }
            throw wrongScheduler
        },
        // The back-end function was removed from xend long before its last version, so the op failed
        // with Python's AttributeError before reading any parameter.
        "vif_limit_set": DomainOperation { _, _ throws(XendError) in
            throw XendError(.operationFailed, "'XendDomain' object has no attribute 'domain_vif_limit_set'")
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
