import XendModel

extension XendClient {
    /// Sets a domain's maximum memory. `xend_set_max_memory`; POST `/xend/domain/<dom>`
    /// `op=maxmem_set&memory=<MiB>`, rounded up to whole MiB as libvirt's final driver did.
    /// - Parameter memory: The new maximum (`.bytes(_:)`, `.mebibytes(_:)`).
    /// - Throws: ``XendClientError``.
    public func setMaxMemory(_ memory: Memory, for domain: DomainReference) async throws(XendClientError) {
        let mebibytes = (memory.inKibibytes + 1023) / 1024
        _ = try await perform(.domainOperation(.maximumMemorySet, on: domain, [(.memory, String(mebibytes))]))
    }

    /// Sets a domain's memory target (balloon). `xend_set_memory`; POST `/xend/domain/<dom>`
    /// `op=mem_target_set&target=<MiB>`, rounded down to whole MiB as libvirt sent it.
    /// - Throws: ``XendClientError``.
    public func setMemory(_ memory: Memory, for domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.memoryTargetSet, on: domain, [(.target, String(memory.inMebibytes))]))
    }

    /// Sets how many virtual CPUs are online. POST `/xend/domain/<dom>` `op=set_vcpus&vcpus=N`.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/invalidArgument`` for a count below 1.
    public func setVCPUs(_ count: Int, for domain: DomainReference) async throws(XendClientError) {
        guard count >= 1 else { throw .invalidArgument("a domain needs at least one virtual CPU, not \(count)") }
        _ = try await perform(.domainOperation(.setVCPUs, on: domain, [(.vcpus, String(count))]))
    }

    /// Pins one virtual CPU to a set of physical CPUs. POST `/xend/domain/<dom>`
    /// `op=pincpu&vcpu=N&cpumap=1,3` (the comma form of xend 3.1 and later).
    /// - Parameters:
    ///   - vcpu: The virtual CPU number.
    ///   - cpus: The physical CPUs it may run on; not empty.
    /// - Throws: ``XendClientError``.
    public func pin(vcpu: Int, of domain: DomainReference, to cpus: [Int]) async throws(XendClientError) {
        guard vcpu >= 0 else { throw .invalidArgument("a VCPU number is 0 or more, not \(vcpu)") }
        guard !cpus.isEmpty, cpus.allSatisfy({ $0 >= 0 }) else {
            throw .invalidArgument("pinning needs a non-empty list of CPU numbers")
        }
        let cpumap = cpus.map(String.init).joined(separator: ",")
        _ = try await perform(.domainOperation(.pinVCPU, on: domain, [(.vcpu, String(vcpu)), (.cpumap, cpumap)]))
    }

    /// Sets the credit scheduler's weight and cap. A `nil` value keeps the domain's current one, read from
    /// its record, as libvirt filled the missing parameter. POST `/xend/domain/<dom>`
    /// `op=domain_sched_credit_set&weight=W&cap=C`.
    /// - Parameters:
    ///   - weight: 1–65535 (256 is the default share).
    ///   - cap: Percent of one physical CPU; 0 means no cap.
    /// - Throws: ``XendClientError``.
    public func setCreditScheduler(
        weight: Int? = nil, cap: Int? = nil, for domain: DomainReference
    ) async throws(XendClientError) {
        var weight = weight
        var cap = cap
        if weight == nil || cap == nil {
            let current = try await creditSchedulerParameters(domain)
            weight = weight ?? current.weight
            cap = cap ?? current.cap
        }
        let fields: [(RequestParameter, String)] = [(.weight, String(weight ?? 256)), (.cap, String(cap ?? 0))]
        _ = try await perform(.domainOperation(.creditSchedulerSet, on: domain, fields))
    }

    /// The credit2 scheduler's weight (xend 4.1 and later). POST `/xend/domain/<dom>`
    /// `op=domain_sched_credit2_get`; the daemon answers with the dict text `"{'weight': 256}"`.
    /// - Throws: ``XendClientError``; `operationFailed` with `(22, 'Invalid argument')` when the domain does
    ///   not run under credit2.
    public func credit2SchedulerParameters(_ domain: DomainReference) async throws(XendClientError)
        -> Credit2SchedulerParameters
    {
        try await fetch(.domainOperation(.credit2SchedulerGet, on: domain), as: Credit2SchedulerParameters.self)
    }

    /// Sets the credit2 scheduler's weight. POST `/xend/domain/<dom>` `op=domain_sched_credit2_set&weight=W`.
    /// - Parameter weight: 1–65535 (256 is the default share).
    /// - Throws: ``XendClientError``.
    public func setCredit2Scheduler(weight: Int, for domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.credit2SchedulerSet, on: domain, [(.weight, String(weight))]))
    }
}
