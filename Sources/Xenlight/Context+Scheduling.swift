internal import CLibxl

/// Virtual CPUs and scheduling (libxl-coverage.md step 7).
extension Context {
    /// Pins a virtual CPU (`libxl_set_vcpuaffinity`); nil leaves that affinity unchanged.
    public func setAffinity(
        of vcpu: UInt32, in domain: DomainID, hard: Bitmap?, soft: Bitmap? = nil
    ) throws(XenlightError) {
        try withOptionalBitmap(hard) { (hardMap: UnsafePointer<libxl_bitmap>?) throws(XenlightError) in
            try withOptionalBitmap(soft) { (softMap: UnsafePointer<libxl_bitmap>?) throws(XenlightError) in
                try check(
                    Calls.setVCPUAffinity(handle, domain.rawValue, vcpu, hardMap, softMap), "libxl_set_vcpuaffinity")
            }
        }
    }

    /// Sets which virtual CPUs are online (`libxl_set_vcpuonline`).
    public func setOnlineVCPUs(_ vcpus: Bitmap, in domain: DomainID) throws(XenlightError) {
        try withBitmap(vcpus) { (map: UnsafeMutablePointer<libxl_bitmap>) throws(XenlightError) in
            try check(Calls.setVCPUOnline(handle, domain.rawValue, map), "libxl_set_vcpuonline")
        }
    }

    /// The domain's scheduler parameters (`libxl_domain_sched_params_get`).
    public func schedulerParameters(of domain: DomainID) throws(XenlightError) -> DomainSchedParams {
        try DomainSchedParams.withInitializedC { params throws(XenlightError) in
            try check(
                Calls.domainSchedParamsGet(handle, domain.rawValue, params), "libxl_domain_sched_params_get")
            return DomainSchedParams(fromC: params.pointee)
        }
    }

    /// Changes the domain's scheduler parameters, e.g. credit weight and cap (`libxl_domain_sched_params_set`).
    public func setSchedulerParameters(_ parameters: DomainSchedParams, for domain: DomainID) throws(XenlightError) {
        try parameters.withC { params throws(XenlightError) in
            try check(
                Calls.domainSchedParamsSet(handle, domain.rawValue, params), "libxl_domain_sched_params_set")
        }
    }
}

/// A C bitmap holding `bitmap`, freed afterwards.
private func withBitmap<R>(
    _ bitmap: Bitmap, _ body: (UnsafeMutablePointer<libxl_bitmap>) throws(XenlightError) -> R
) throws(XenlightError) -> R {
    var map = libxl_bitmap()
    libxl_bitmap_init(&map)
    defer { libxl_bitmap_dispose(&map) }
    bitmap.fill(&map)
    return try body(&map)
}

private func withOptionalBitmap<R>(
    _ bitmap: Bitmap?, _ body: (UnsafePointer<libxl_bitmap>?) throws(XenlightError) -> R
) throws(XenlightError) -> R {
    guard let bitmap else { return try body(nil) }
    return try withBitmap(bitmap) { (map: UnsafeMutablePointer<libxl_bitmap>) throws(XenlightError) in
        try body(UnsafePointer(map))
    }
}
