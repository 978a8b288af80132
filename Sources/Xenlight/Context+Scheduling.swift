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
