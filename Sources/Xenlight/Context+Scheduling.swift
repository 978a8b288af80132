/// Virtual CPUs and scheduling (docs/xenlight-coverage.md#functions).
extension Context {
    /// Pins a virtual CPU (`libxl_set_vcpuaffinity`); nil leaves that affinity unchanged.
    public func setAffinity(
        of vcpu: UInt32, in domain: Domid, hard: Bitmap?, soft: Bitmap? = nil
    ) throws(XenlightError) {
        try check(Calls.setVCPUAffinity(handle, domain.rawValue, vcpu, hard, soft), "libxl_set_vcpuaffinity")
    }

    /// Sets which virtual CPUs are online (`libxl_set_vcpuonline`).
    public func setOnlineVCPUs(_ vcpus: Bitmap, in domain: Domid) throws(XenlightError) {
        try check(Calls.setVCPUOnline(handle, domain.rawValue, vcpus), "libxl_set_vcpuonline")
    }

    /// The domain's scheduler parameters (`libxl_domain_sched_params_get`).
    public func schedulerParameters(of domain: Domid) throws(XenlightError) -> DomainSchedParams {
        try DomainSchedParams.withInitializedC { params throws(XenlightError) in
            try check(
                Calls.domainSchedParamsGet(handle, domain.rawValue, params), "libxl_domain_sched_params_get")
            return DomainSchedParams(fromC: params.pointee)
        }
    }

    /// Changes the domain's scheduler parameters, e.g. credit weight and cap (`libxl_domain_sched_params_set`).
    public func setSchedulerParameters(_ parameters: DomainSchedParams, for domain: Domid) throws(XenlightError) {
        try parameters.withC { params throws(XenlightError) in
            try check(
                Calls.domainSchedParamsSet(handle, domain.rawValue, params), "libxl_domain_sched_params_set")
        }
    }
}

/// NUMA node affinity and pinning every virtual CPU at once (docs/xenlight-coverage.md#functions).
extension Context {
    /// Sets the NUMA nodes the domain's memory should come from (`libxl_domain_set_nodeaffinity`).
    /// - Throws: `XenlightError.invalid` when `nodes` is empty or names a node beyond the host's node map.
    public func setNodeAffinity(_ nodes: Bitmap, for domain: Domid) throws(XenlightError) {
        guard !nodes.isEmpty else { throw XenlightError.invalid.in("libxl_domain_set_nodeaffinity") }
        try check(Calls.domainSetNodeAffinity(handle, domain.rawValue, nodes), "libxl_domain_set_nodeaffinity")
    }

    /// The NUMA nodes the domain's memory comes from (`libxl_domain_get_nodeaffinity`).
    public func nodeAffinity(of domain: Domid) throws(XenlightError) -> Bitmap {
        let (rc, nodes) = Calls.domainGetNodeAffinity(handle, domain.rawValue)
        try check(rc, "libxl_domain_get_nodeaffinity")
        return nodes
    }

    /// Pins virtual CPUs 0..<`count` alike (`libxl_set_vcpuaffinity_all`); nil leaves that affinity unchanged.
    /// - Throws: `XenlightError.invalid` when `count` is not positive or both maps are nil.
    public func setAffinity(
        ofAllVCPUs count: Int, in domain: Domid, hard: Bitmap?, soft: Bitmap? = nil
    ) throws(XenlightError) {
        guard let cCount = CUnsignedInt(exactly: count), cCount > 0, hard != nil || soft != nil else {
            throw XenlightError.invalid.in("libxl_set_vcpuaffinity_all")
        }
        try check(
            Calls.setVCPUAffinityAll(handle, domain.rawValue, cCount, hard, soft), "libxl_set_vcpuaffinity_all")
    }
}

/// Per-virtual-CPU scheduler parameters; libxl 4.17 has them only for the RTDS scheduler and answers
/// `ERROR_INVAL` for the others (docs/xenlight-coverage.md#functions).
extension Context {
    /// The scheduler parameters of the given virtual CPUs (`libxl_vcpu_sched_params_get`).
    /// - Throws: `XenlightError.invalid` when `vcpus` is empty or holds a negative or too large ID.
    public func schedulerParameters(ofVCPUs vcpus: [Int], in domain: Domid) throws(XenlightError) -> VCPUSchedParams {
        let request = try VCPUSchedParams(querying: vcpus, for: "libxl_vcpu_sched_params_get")
        return try request.withC { params throws(XenlightError) in
            try check(Calls.vcpuSchedParamsGet(handle, domain.rawValue, params), "libxl_vcpu_sched_params_get")
            return VCPUSchedParams(fromC: params.pointee)
        }
    }

    /// The scheduler parameters of every virtual CPU (`libxl_vcpu_sched_params_get_all`).
    public func schedulerParametersOfAllVCPUs(in domain: Domid) throws(XenlightError) -> VCPUSchedParams {
        try VCPUSchedParams.withInitializedC { params throws(XenlightError) in
            try check(
                Calls.vcpuSchedParamsGetAll(handle, domain.rawValue, params), "libxl_vcpu_sched_params_get_all")
            return VCPUSchedParams(fromC: params.pointee)
        }
    }

    /// Sets the parameters of the virtual CPUs `parameters.vcpus` names (`libxl_vcpu_sched_params_set`).
    /// - Throws: `XenlightError.invalid` when `parameters.vcpus` is empty.
    public func setSchedulerParameters(_ parameters: VCPUSchedParams, for domain: Domid) throws(XenlightError) {
        guard !parameters.vcpus.isEmpty else { throw XenlightError.invalid.in("libxl_vcpu_sched_params_set") }
        try parameters.withC { params throws(XenlightError) in
            try check(Calls.vcpuSchedParamsSet(handle, domain.rawValue, params), "libxl_vcpu_sched_params_set")
        }
    }

    /// Gives every virtual CPU the same parameters (`libxl_vcpu_sched_params_set_all`, which takes exactly
    /// one entry); `scheduler` `.unknown` means the domain's own.
    public func setSchedulerParametersOfAllVCPUs(
        _ parameters: SchedParams, scheduler: Scheduler = .unknown, in domain: Domid
    ) throws(XenlightError) {
        var all = VCPUSchedParams()
        all.sched = scheduler
        all.vcpus = [parameters]
        try all.withC { params throws(XenlightError) in
            try check(
                Calls.vcpuSchedParamsSetAll(handle, domain.rawValue, params), "libxl_vcpu_sched_params_set_all")
        }
    }
}

extension VCPUSchedParams {
    /// A `_get` request: libxl reads which virtual CPUs to report from the entries' `vcpuid`.
    init(querying vcpus: [Int], for function: String) throws(XenlightError) {
        self.init()
        var entries: [SchedParams] = []
        for vcpu in vcpus {
            guard let id = Int32(exactly: vcpu), id >= 0 else { throw XenlightError.invalid.in(function) }
            var entry = SchedParams()
            entry.vcpuid = id
            entries.append(entry)
        }
        guard !entries.isEmpty else { throw XenlightError.invalid.in(function) }
        self.vcpus = entries
    }
}
