import Hypervisor
import XendModel

extension SimulatedHypervisor {
    /// Checks credit scheduler values as Xen does: weight 1–65535, cap 0–(100 × vcpus).
    func checkScheduler(weight: Int, cap: Int, vcpus: Int) throws(XendError) {
        _ = try CreditSchedulerParameters(weight: weight, cap: cap)
        guard cap <= 100 * vcpus else {
            throw XendError(.operationFailed, "Invalid cap: \(cap) (at most \(100 * vcpus) for \(vcpus) vcpus)")
        }
    }

    public func setMemoryTarget(_ target: Memory, for id: DomainID) throws(XendError) {
        guard target > .zero else { throw XendError(.operationFailed, "Invalid memory size") }
        try operate(on: id) { domain, now throws(XendError) in
            let (maximum, alive) = domain.state.withLock {
                ($0.maximumMemory, $0.guest.dyingSince == nil && $0.guest.shutdown == nil)
            }
            guard alive else { throw .domainNotRunning }
            guard target <= maximum else {
                throw XendError(
                    .operationFailed,
                    "Memory target \(target.inMebibytes) MiB is above the maximum \(maximum.inMebibytes) MiB")
            }
            try table.withLock { table throws(XendError) in
                let current = table.ledger.allocation(of: id.rawValue)
                guard table.ledger.setAllocation(target, for: id.rawValue) else {
                    throw .notEnoughMemory(needed: target - current, free: table.ledger.free)
                }
            }
            domain.state.withLock { state in
                state.memoryTarget = target
                state.config.memory = target
            }
            log("Domain \(id): memory target \(target.inKibibytes) KiB", at: now)
            try record(domain)
        }
    }

    public func setMaximumMemory(_ maximum: Memory, for id: DomainID) throws(XendError) {
        guard maximum > .zero else { throw XendError(.operationFailed, "Invalid memory size") }
        guard maximum <= configuration.host.totalMemory else {
            throw XendError(
                .operationFailed,
                "Maximum memory \(maximum.inMebibytes) MiB exceeds the host's \(configuration.host.totalMemory.inMebibytes) MiB"
            )
        }
        try operate(on: id) { domain, now throws(XendError) in
            let target = domain.state.withLock { $0.memoryTarget }
            if maximum < target {
                // The guest must give memory back down to the new maximum.
                table.withLock { _ = $0.ledger.setAllocation(maximum, for: id.rawValue) }
            }
            domain.state.withLock { state in
                state.maximumMemory = maximum
                state.config.maxmem = maximum
                if maximum < state.memoryTarget {
                    state.memoryTarget = maximum
                    state.config.memory = maximum
                }
            }
            log("Domain \(id): maximum memory \(maximum.inKibibytes) KiB", at: now)
            try record(domain)
        }
    }

    public func setVCPUCount(_ count: Int, for id: DomainID) throws(XendError) {
        try operate(on: id) { domain, now throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                guard count >= 1 else { throw XendError(.operationFailed, "Invalid VCPU count: \(count)") }
                guard count <= state.maximumVCPUs else {
                    throw XendError(.operationFailed, "Cannot set vcpus greater than max vcpus on running domain")
                }
                state.guest.advance(to: now)
                state.guest.onlineVCPUs = count
            }
            try record(domain)
        }
    }

    public func pinVCPU(_ vcpu: Int?, to cpus: [Int], for id: DomainID) throws(XendError) {
        let hostCPUs = configuration.host.cpuCount
        guard !cpus.isEmpty else { throw XendError(.operationFailed, "Invalid cpumap: no cpus") }
        if let bad = cpus.first(where: { $0 < 0 || $0 >= hostCPUs }) {
            throw XendError(.operationFailed, "Invalid cpumap: cpu \(bad) does not exist (the host has \(hostCPUs))")
        }
        let map = Array(Set(cpus)).sorted()
        try operate(on: id) { domain, _ throws(XendError) in
            try domain.state.withLock { state throws(XendError) in
                if let vcpu {
                    guard (0..<state.maximumVCPUs).contains(vcpu) else {
                        throw XendError(.operationFailed, "Invalid VCPU \(vcpu) (the domain has \(state.maximumVCPUs))")
                    }
                    state.pinning[vcpu] = map
                } else {
                    state.pinning = Array(repeating: map, count: state.maximumVCPUs)
                }
                state.config.cpus = .perVCPU(state.pinning)
            }
            try record(domain)
        }
    }

    public func vcpuInfo(_ id: DomainID) throws(XendError) -> VCPUInfoReply {
        let hostCPUs = configuration.host.cpuCount
        return try operate(on: id) { domain, now in
            domain.state.withLock { state in
                state.guest.advance(to: now)
                let online = state.guest.onlineVCPUs
                let executing = state.guest.isExecuting || domain.isControlDomain
                let vcpus = (0..<state.maximumVCPUs).map { index in
                    let isOnline = index < online
                    let isRunning =
                        isOnline && executing
                        && (domain.isControlDomain || state.guest.isOnCPU(at: now.advanced(by: Double(index) * 0.37)))
                    let map = state.pinning[index].isEmpty ? Array(0..<hostCPUs) : state.pinning[index]
                    return VCPURecord(
                        number: index, isOnline: isOnline, isBlocked: isOnline && executing && !isRunning,
                        isRunning: isRunning, cpuTime: Seconds(isOnline ? state.guest.cpuTime / Double(online) : 0),
                        cpu: map[(Int(domain.id.rawValue) + index) % map.count], cpumap: map)
                }
                return VCPUInfoReply(domainID: id, name: state.name, vcpuCount: state.maximumVCPUs, vcpus: vcpus)
            }
        }
    }

    /// Refuses a scheduler call for `scheduler` unless the host runs it, as libxc refused it with `EINVAL`.
    func requireScheduler(_ scheduler: String) throws(XendError) {
        guard configuration.host.scheduler == scheduler else { throw .schedulerNotInUse }
    }

    public func creditSchedulerParameters(_ id: DomainID) throws(XendError) -> CreditSchedulerParameters {
        try requireScheduler("credit")
        return try operate(on: id) { domain, _ throws(XendError) in
            let (weight, cap) = domain.state.withLock { ($0.weight, $0.cap) }
            return try CreditSchedulerParameters(weight: weight, cap: cap)
        }
    }

    public func setCreditSchedulerParameters(_ parameters: CreditSchedulerParameters, for id: DomainID)
        throws(XendError)
    {
        try requireScheduler("credit")
        try operate(on: id) { domain, _ throws(XendError) in
            let vcpus = domain.state.withLock { $0.maximumVCPUs }
            try checkScheduler(weight: parameters.weight, cap: parameters.cap, vcpus: vcpus)
            domain.state.withLock { state in
                state.weight = parameters.weight
                state.cap = parameters.cap
                state.config.cpuWeight = parameters.weight
                state.config.cpuCap = parameters.cap
            }
            try record(domain)
        }
    }

    public func credit2SchedulerParameters(_ id: DomainID) throws(XendError) -> Credit2SchedulerParameters {
        try requireScheduler("credit2")
        return try operate(on: id) { domain, _ throws(XendError) in
            try Credit2SchedulerParameters(weight: domain.state.withLock { $0.weight })
        }
    }

    public func setCredit2SchedulerParameters(_ parameters: Credit2SchedulerParameters, for id: DomainID)
        throws(XendError)
    {
        try requireScheduler("credit2")
        try operate(on: id) { domain, _ throws(XendError) in
            domain.state.withLock { state in
                state.weight = parameters.weight
                state.config.cpuWeight = parameters.weight
            }
            try record(domain)
        }
    }
}
