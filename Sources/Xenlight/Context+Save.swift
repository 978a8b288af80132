import FoundationEssentials

/// Saving, restoring and preserving domains (docs/xenlight-coverage.md#functions).
///
/// libxl 4.17 has no migrate call: `xl migrate` is a live suspend into a file descriptor on one
/// host and `createDomain(restoringFrom:)` from the other end; the transport is the caller's.
extension Context {
    /// Writes the domain's state to `fileDescriptor` (`libxl_domain_suspend`). The domain is left
    /// suspended: destroy it afterwards, as `xl save` does, or `resume(_:cooperative:)` it.
    /// - Parameters:
    ///   - fileDescriptor: open for writing; the caller closes it.
    ///   - live: keep the guest running while memory is copied (`LIBXL_SUSPEND_LIVE`), as for migration.
    public func suspend(_ domain: Domid, to fileDescriptor: Int32, live: Bool = false) throws(XenlightError) {
        try check(Calls.domainSuspend(handle, domain.rawValue, fileDescriptor, live: live), "libxl_domain_suspend")
    }

    /// Resumes a domain whose suspend was cancelled (`libxl_domain_resume`).
    /// - Parameter cooperative: the guest supports co-operative resume (xc's "fast" resume).
    public func resume(_ domain: Domid, cooperative: Bool = true) throws(XenlightError) {
        try check(Calls.domainResume(handle, domain.rawValue, cooperative), "libxl_domain_resume")
    }

    /// Creates a domain from a saved image (`libxl_domain_create_restore`).
    /// - Parameters:
    ///   - config: the configuration the domain was saved with (`libxl_retrieve_domain_configuration`).
    ///   - fileDescriptor: open for reading, positioned at the start of libxl's stream.
    ///   - parameters: by default, a stream in the format `suspend(_:to:live:)` writes (v2).
    /// - Returns: the restored domain's ID. Like `createDomain(_:)`, libxl leaves it paused.
    public func createDomain(
        _ config: DomainConfig, restoringFrom fileDescriptor: Int32,
        parameters: DomainRestoreParams = .suspendStream
    ) throws(XenlightError) -> Domid {
        var domid: UInt32 = Domid.invalid.rawValue
        try config.withC { configPointer throws(XenlightError) in
            try parameters.withC { paramsPointer throws(XenlightError) in
                try check(
                    Calls.domainCreateRestore(handle, configPointer, &domid, fileDescriptor, paramsPointer),
                    "libxl_domain_create_restore")
            }
        }
        return Domid(domid)
    }

    /// The configuration libxl keeps for a running domain, updated with its current devices
    /// (`libxl_retrieve_domain_configuration`).
    public func configuration(of domain: Domid) throws(XenlightError) -> DomainConfig {
        try DomainConfig.withInitializedC { config throws(XenlightError) in
            try check(
                Calls.retrieveDomainConfiguration(handle, domain.rawValue, config),
                "libxl_retrieve_domain_configuration")
            return DomainConfig(fromC: config.pointee)
        }
    }

    /// Keeps a crashed domain's memory for inspection under a new name and UUID (`libxl_domain_preserve`),
    /// as `on_crash = "preserve"` does.
    public func preserve(
        _ domain: Domid, createInfo: DomainCreateInfo, nameSuffix: String, newUUID: UUID
    ) throws(XenlightError) {
        try createInfo.withC { info throws(XenlightError) in
            try check(
                Calls.domainPreserve(handle, domain.rawValue, info, nameSuffix, newUUID), "libxl_domain_preserve")
        }
    }
}

extension Context {
    /// Suspends the guest without saving it, for a later `resume(_:cooperative:)` (`libxl_domain_suspend_only`).
    public func suspendOnly(_ domain: Domid) throws(XenlightError) {
        try check(Calls.domainSuspendOnly(handle, domain.rawValue), "libxl_domain_suspend_only")
    }

    /// Restarts the guest in place with `config`, keeping its memory (`libxl_domain_soft_reset`), as
    /// `on_soft_reset = "soft-reset"` does after a kexec.
    public func softReset(_ domain: Domid, with config: DomainConfig) throws(XenlightError) {
        try config.withC { pointer throws(XenlightError) in
            try check(Calls.domainSoftReset(handle, pointer, domain.rawValue), "libxl_domain_soft_reset")
        }
    }
}

extension DomainRestoreParams {
    /// Parameters for restoring what `libxl_domain_suspend` wrote: a v2 stream (`LIBXL_HAVE_SRM_V2`).
    ///
    /// libxl's own default, `stream_version` 1, means a pre-4.6 stream, which libxl first pipes through
    /// the `convert-legacy-stream` helper; given a v2 stream that fails ("Invalid ident").
    public static var suspendStream: DomainRestoreParams {
        var parameters = DomainRestoreParams()
        parameters.streamVersion = 2
        return parameters
    }
}
