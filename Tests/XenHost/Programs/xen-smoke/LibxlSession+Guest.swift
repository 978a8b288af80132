import CLibxl
import Glibc

/// What the smoke test boots: a direct-kernel PV guest without disks or NICs.
struct PVGuestSpec {
    let name: String
    let kernelPath: String
    let ramdiskPath: String
    let commandLine: String
    let memoryMiB: UInt64
}

extension LibxlSession {
    /// Builds a `libxl_domain_config` for `spec` and creates the domain (`libxl_domain_create_new`).
    ///
    /// A NULL `ao_how` makes the call synchronous. libxl leaves the new domain paused, as `xl create -p` does.
    /// - Returns: the new domain's ID.
    func createPVGuest(_ spec: PVGuestSpec) throws(SmokeFailure) -> UInt32 {
        var config = libxl_domain_config()
        libxl_domain_config_init(&config)
        // dispose frees every char * in the config, so each string is strdup'ed into it.
        defer { libxl_domain_config_dispose(&config) }

        config.c_info.type = LIBXL_DOMAIN_TYPE_PV
        config.c_info.name = strdup(spec.name)
        libxl_domain_build_info_init_type(&config.b_info, LIBXL_DOMAIN_TYPE_PV)
        config.b_info.max_vcpus = 1
        config.b_info.max_memkb = spec.memoryMiB * 1024
        config.b_info.target_memkb = spec.memoryMiB * 1024
        config.b_info.kernel = strdup(spec.kernelPath)
        config.b_info.ramdisk = strdup(spec.ramdiskPath)
        config.b_info.cmdline = strdup(spec.commandLine)
        config.on_poweroff = LIBXL_ACTION_ON_SHUTDOWN_DESTROY
        config.on_crash = LIBXL_ACTION_ON_SHUTDOWN_DESTROY

        var domid = UInt32(bitPattern: -1)  // INVALID_DOMID
        try checkLibxl(libxl_domain_create_new(ctx, &config, &domid, nil, nil), "libxl_domain_create_new")
        guard domid != 0, domid != UInt32(bitPattern: -1) else {
            throw SmokeFailure("libxl_domain_create_new succeeded but gave domain ID \(domid)")
        }
        return domid
    }

    /// `libxl_domain_pause`, synchronous.
    func pause(_ domid: UInt32) throws(SmokeFailure) {
        try checkLibxl(libxl_domain_pause(ctx, domid, nil), "libxl_domain_pause")
    }

    /// `libxl_domain_unpause`, synchronous.
    func unpause(_ domid: UInt32) throws(SmokeFailure) {
        try checkLibxl(libxl_domain_unpause(ctx, domid, nil), "libxl_domain_unpause")
    }

    /// `libxl_domain_destroy`, synchronous.
    func destroy(_ domid: UInt32) throws(SmokeFailure) {
        try checkLibxl(libxl_domain_destroy(ctx, domid, nil), "libxl_domain_destroy")
    }

    /// The domain's state, failing when it has vanished.
    func existingDomain(_ domid: UInt32) throws(SmokeFailure) -> DomainSnapshot {
        guard let snapshot = try domain(domid) else {
            throw SmokeFailure("domain \(domid) no longer exists (libxl_domain_info: ERROR_DOMAIN_NOTFOUND)")
        }
        return snapshot
    }
}
