import FoundationEssentials
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// Creates a small guest and drives it through the lifecycle calls, destroying it at the end.
struct GuestSteps {
    let context: Context
    let runner: ExerciseRunner
    let kernel: String
    let ramdisk: String?
    let cmdline: String
    let isPV: Bool
    let tscMode: TscMode
    let memory: Kibibytes
    /// The device hot-plug steps to run on the guest.
    let devices: DeviceSteps
    /// The CPU pool, PCI, USB and virtual device steps.
    let pools: PoolSteps
    let passthrough: PassthroughSteps
    /// Waits for the guest's boot marker before the calls that need a running guest kernel; nil skips it.
    let bootWait: BootWait?

    private var name: String { "xenlight-exercise" }

    func run() {
        runner.expect("libxl_domain_need_memory") {
            let needed = try context.memoryNeeded(for: config())
            return needed >= memory ? nil : "needs \(needed), less than the guest's \(memory)"
        }
        runner.step("libxl_wait_for_free_memory") {
            try context.waitForFreeMemory(memory, while: .control, seconds: 10)
        }
        guard let domain = runner.step("libxl_domain_create_new", { try context.createDomain(config()) }) else {
            return
        }
        let running = lifecycle(domain)
        // After save/restore: the QEMU-served devices this host cannot remove must not be in the saved image.
        passthrough.run(on: running)
        let final = reboot(running)
        preserve(final)
        runner.skip(
            "libxl_domain_soft_reset",
            "needs a guest that asked for a soft reset (it kexecs into a new kernel first); this guest never does")
        runner.skip(
            "libxl_cdrom_insert", "needs an HVM guest with an emulated CD-ROM; the exercise's guest is PV")
        let watch = runner.step("libxl_evenable_domain_death") { try context.watchDeath(of: final, userValue: 7) }
        runner.step("libxl_domain_shutdown") { try context.shutdown(final) }
        runner.step("libxl_domain_destroy") { try context.destroy(final) }
        if let watch {
            runner.expect("libxl_event_wait") {
                let event = try context.nextEvent()
                return event.domid == final.rawValue && event.forUser == 7 ? nil : "unexpected event \(event)"
            }
            watch.cancel()
        }
    }

    /// Drives the guest; returns the ID it ends with (a restore gives it a new one).
    private func lifecycle(_ domain: Domid) -> Domid {
        // libxl builds the domain paused, as xl expects (it unpauses unless asked for -p).
        runner.expect("libxl_domain_unpause") {
            guard try context.domainInfo(domain).paused else { return "not paused after create_new" }
            try context.unpause(domain)
            return try context.domainInfo(domain).paused ? "still paused" : nil
        }
        if let bootWait {
            runner.expect("guest boots (console shows '\(bootWait.marker)')") { bootWait.wait() }
        }
        runner.expect("libxl_domain_pause") {
            try context.pause(domain)
            return try context.domainInfo(domain).paused ? nil : "not paused afterwards"
        }
        runner.expect("libxl_domain_unpause (after pause)") {
            try context.unpause(domain)
            return try context.domainInfo(domain).paused ? "still paused" : nil
        }
        runner.step("libxl_domain_setmaxmem") { try context.setMaxMemory(memory, for: domain) }
        runner.expect("libxl_set_memory_target, libxl_wait_for_memory_target") {
            try context.setMemoryTarget(memory, for: domain)
            do {
                try context.waitForMemoryTarget(of: domain, seconds: 30)
            } catch {
                // libxl compares what Xen counts for the domain with the balloon target: show both.
                let info = try context.domainInfo(domain)
                return "\(error); domain has \(info.currentMemkb) KiB (+\(info.outstandingMemkb) outstanding), "
                    + "target \(try context.memoryTarget(of: domain))"
            }
            let target = try context.memoryTarget(of: domain)
            return target <= memory ? nil : "target \(target) above \(memory)"
        }
        runner.expect("libxl_domain_rename") {
            try context.rename(domain, to: name + "-renamed")
            return context.name(of: domain) == name + "-renamed" ? nil : "name is \(context.name(of: domain) ?? "nil")"
        }
        runner.step("libxl_console_get_tty") { try context.consoleTTY(of: domain) }
        runner.step("libxl_send_sysrq") { try context.sendSysrq("h", to: domain) }
        runner.step("libxl_send_trigger") { try context.send(.nmi, to: domain) }
        runner.step("libxl_set_vcpuaffinity") { try context.setAffinity(of: 0, in: domain, hard: [0]) }
        runner.step("libxl_set_vcpuonline") { try context.setOnlineVCPUs([0], in: domain) }
        runner.expect("libxl_domain_sched_params_set") {
            var parameters = try context.schedulerParameters(of: domain)
            parameters.weight = 512
            try context.setSchedulerParameters(parameters, for: domain)
            let weight = try context.schedulerParameters(of: domain).weight
            return weight == 512 ? nil : "weight is \(weight)"
        }
        userData(domain)
        devices.run(on: domain)
        pools.run(on: domain)
        runner.step("libxl_domain_suspend_only") { try context.suspendOnly(domain) }
        runner.step("libxl_domain_resume") { try context.resume(domain) }
        runner.expect("libxl_retrieve_domain_configuration") {
            let saved = try context.configuration(of: domain)
            return saved.cInfo.name == name + "-renamed" ? nil : "name is \(saved.cInfo.name ?? "nil")"
        }
        return saveAndRestore(domain) ?? domain
    }

    /// Reboots the guest as xl does: libxl_domain_reboot asks the guest, which shuts down with reason
    /// `reboot`; the toolstack then destroys it and builds it again. Returns the new domain's ID, or the
    /// old one when the guest did not go down.
    private func reboot(_ domain: Domid) -> Domid {
        let offset = bootWait?.logSize() ?? 0
        guard runner.step("libxl_domain_reboot", { try context.reboot(domain) }) != nil else { return domain }
        var wentDown = false
        runner.expect("guest shuts down for reboot") {
            for _ in 0..<180 {
                let info = try context.domainInfo(domain)
                if info.shutdown {
                    wentDown = info.shutdownReason == .reboot
                    return wentDown ? nil : "shut down with reason \(info.shutdownReason)"
                }
                sleep(1)
            }
            return "still running 180 s after the reboot request"
        }
        guard wentDown, runner.step("libxl_domain_destroy (after reboot)", { try context.destroy(domain) }) != nil,
            let again = runner.step("libxl_domain_create_new (after reboot)", { try context.createDomain(config()) })
        else { return domain }
        runner.expect("libxl_domain_unpause (after reboot)") {
            try context.unpause(again)
            return try context.domainInfo(again).paused ? "still paused" : nil
        }
        if let bootWait {
            runner.expect("guest boots again after reboot") { bootWait.wait(after: offset) }
        }
        return again
    }

    /// What xl's on_crash=preserve does, on the running guest: a new name, and a new `/vm/UUID` entry in
    /// xenstore, so a new instance could start under the old ones. (libxl leaves Xen's own handle alone.)
    private func preserve(_ domain: Domid) {
        runner.expect("libxl_domain_preserve") {
            let uuid = UUID()
            try context.preserve(domain, createInfo: config().cInfo, nameSuffix: "-preserved", newUUID: uuid)
            let name = context.name(of: domain)
            let vm = try? XenStore.read("/local/domain/\(domain.rawValue)/vm")
            let expected = "/vm/" + uuid.uuidString.lowercased()
            return name == self.name + "-preserved" && vm == expected
                ? nil : "name \(name ?? "nil"), vm \(vm ?? "nil"), expected \(expected)"
        }
    }

    private func userData(_ domain: Domid) {
        let key = "xenlight-exercise"
        runner.step("libxl_userdata_store") { try context.storeUserData(Array("hello".utf8), key: key, for: domain) }
        runner.expect("libxl_userdata_retrieve") {
            let data = try context.userData(key: key, for: domain)
            return data == Array("hello".utf8) ? nil : "read back \(String(describing: data))"
        }
        runner.expect("libxl_userdata_unlink") {
            try context.removeUserData(key: key, for: domain)
            return try context.userData(key: key, for: domain) == nil ? nil : "still stored"
        }
    }

    /// Suspends the guest into a temporary file and restores it; nil when the suspend failed.
    private func saveAndRestore(_ domain: Domid) -> Domid? {
        guard let config = try? context.configuration(of: domain) else { return nil }
        let path = "/tmp/xenlight-exercise-\(getpid()).save"
        defer { unlink(path) }
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard output >= 0 else { return nil }
        let suspended: Void? = runner.step("libxl_domain_suspend") { try context.suspend(domain, to: output) }
        close(output)
        guard suspended != nil,
            runner.step("libxl_domain_destroy (after save)", { try context.destroy(domain) }) != nil
        else { return nil }
        let input = open(path, O_RDONLY)
        guard input >= 0 else { return nil }
        defer { close(input) }
        guard
            let restored = runner.step(
                "libxl_domain_create_restore",
                {
                    try context.createDomain(config, restoringFrom: input)
                })
        else { return nil }
        // Restored like created: paused until the toolstack lets it run.
        runner.expect("libxl_domain_unpause (after restore)") {
            try context.unpause(restored)
            return try context.domainInfo(restored).paused ? "still paused" : nil
        }
        return restored
    }

    private func config() -> DomainConfig {
        var config = DomainConfig()
        config.cInfo.name = name
        config.cInfo.type = isPV ? .pv : .pvh
        // Xen assigns a device only to a domain built with an IOMMU context: without it the later
        // libxl_device_pci_add fails in xc_assign_device with EOPNOTSUPP (xl's passthrough="enabled").
        if passthrough.pciAddress != nil { config.cInfo.passthrough = .enabled }
        config.bInfo.maxVCPUs = 1
        config.bInfo.tscMode = tscMode
        config.bInfo.availVCPUs = [0]
        config.bInfo.maxMemkb = memory.rawValue
        config.bInfo.targetMemkb = memory.rawValue
        config.bInfo.kernel = kernel
        config.bInfo.ramdisk = ramdisk
        config.bInfo.cmdline = cmdline
        config.bInfo.type = isPV ? .pv(DomainBuildInfo.PV()) : .pvh(DomainBuildInfo.PVH())
        config.onPoweroff = .destroy
        config.onReboot = .destroy
        config.onCrash = .destroy
        return config
    }
}
