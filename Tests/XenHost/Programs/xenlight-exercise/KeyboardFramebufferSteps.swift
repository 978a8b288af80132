import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// The virtual keyboard (vkb) and framebuffer (vfb): devices whose backend is a QEMU device model for the
/// guest. libxl writes them to xenstore without waiting for QEMU when adding, but removing one waits until
/// the backend has closed it (`Closed`, 6) and fails with `ERROR_TIMEDOUT` when nothing does.
///
/// On the PV guest of `--kernel`, which runs no device model, only add, list and getinfo can run. On an HVM
/// guest (`--vkb-vfb-guest`) its QEMU serves the keyboard and the guest's built-in kbdfront connects to it,
/// so a keyboard can be removed too; the calls that cannot finish there print `SKIP` lines saying why
/// (docs/xenlight-coverage.md has the measurements).
struct KeyboardFramebufferSteps {
    /// What removing a device can do on the guest.
    enum Removal {
        /// Nothing serves the devices: every removal is skipped, for this reason.
        case skipped(String)
        /// A running HVM guest: its QEMU serves keyboards, not framebuffers.
        case hvmDeviceModel
    }

    let context: Context
    let runner: ExerciseRunner

    /// Seconds for the guest's frontend to connect a new keyboard (it probes it when it appears in xenstore).
    private let connectSeconds = 60

    func run(on domain: Domid, removal: Removal) {
        keyboard(domain, removal)
        framebuffer(domain, removal)
    }

    private func keyboard(_ domain: Domid, _ removal: Removal) {
        // An HVM guest already has keyboard 0: libxl adds it at creation (vkb_device defaults to true).
        let before = context.keyboards(of: domain).map(\.devid)
        func listed(_ keyboard: DeviceVkb) -> Bool {
            context.keyboards(of: domain).contains { $0.devid == keyboard.devid }
        }
        // The default backend is QEMU's, which libxl does not wait for: the device is written to xenstore.
        guard let keyboard = runner.step("libxl_device_vkb_add", { try context.add(DeviceVkb(), to: domain) }) else {
            return
        }
        runner.expect("libxl_device_vkb_list") {
            listed(keyboard) ? nil : "device \(keyboard.devid) not listed (before the add: \(before))"
        }
        runner.expect("libxl_device_vkb_getinfo") {
            let info = try context.info(about: keyboard, of: domain)
            return info.devid == keyboard.devid ? nil : "devid \(info.devid)"
        }
        if case .skipped(let reason) = removal {
            for name in ["libxl_device_vkb_remove", "libxl_device_vkb_destroy"] { runner.skip(name, reason) }
            return
        }
        // The removal goes through the guest: libxl asks QEMU's backend to close, the guest's kbdfront answers
        // by closing its end, and QEMU then closes the device.
        connected(keyboard, domain)
        runner.expect("libxl_device_vkb_remove (QEMU closes it with the guest's kbdfront)") {
            try context.remove(keyboard, from: domain)
            return listed(keyboard) ? "device \(keyboard.devid) still listed" : nil
        }
        runner.expect("libxl_device_vkb_list (only the keyboards from before)") {
            let now = context.keyboards(of: domain).map(\.devid)
            return now.sorted() == before.sorted() ? nil : "listed \(now), before \(before)"
        }
        runner.skip(
            "libxl_device_vkb_destroy",
            "the forced removal deletes the guest's frontend directory before it asks QEMU to close, and QEMU's "
                + "backend closes a device only when the frontend says Closing or Closed, so libxl waits 10 s and "
                + "fails with ERROR_TIMEDOUT on a running guest")
    }

    /// Waits until the guest's frontend has connected `keyboard` (its xenstore state, which getinfo reads, is
    /// `Connected`, 4), so that the removal that follows goes through QEMU and the guest.
    private func connected(_ keyboard: DeviceVkb, _ domain: Domid) {
        runner.expect("libxl_device_vkb_getinfo: the guest connects keyboard \(keyboard.devid) (state 4)") {
            var state: Int32 = -1
            for _ in 0..<(connectSeconds * 2) {
                state = try context.info(about: keyboard, of: domain).state
                if state == 4 { return nil }
                usleep(500_000)
            }
            return "frontend state \(state) after \(connectSeconds) s"
        }
    }

    private func framebuffer(_ domain: Domid, _ removal: Removal) {
        // libxl.h has no vfb list: the backend's xenstore directory shows the device.
        let backend = "/local/domain/0/backend/vfb/\(domain.rawValue)"
        var request = DeviceVfb()
        request.vnc.enable = .false
        guard let framebuffer = runner.step("libxl_device_vfb_add", { try context.add(request, to: domain) }) else {
            return
        }
        runner.expect("libxl_device_vfb_add (in xenstore)") {
            ((try? XenStore.directory(backend)) ?? []).contains("\(framebuffer.devid)")
                ? nil : "\(backend)/\(framebuffer.devid) missing after add"
        }
        switch removal {
        case .skipped(let reason):
            for name in ["libxl_device_vfb_remove", "libxl_device_vfb_destroy"] { runner.skip(name, reason) }
        case .hvmDeviceModel:
            // Shown, not asserted: 1 (Initialising, as libxl wrote it) when no backend took the device up.
            sleep(5)
            let state = (try? XenStore.read("\(backend)/\(framebuffer.devid)/state")) ?? "none"
            print("  vfb \(framebuffer.devid): backend state \(state) 5 s after the add")
            let reason =
                "QEMU serves framebuffers only for PV guests, so nothing closes this one: libxl waits for Closed "
                + "and fails with ERROR_TIMEDOUT (remove after 10 s and a forced retry, 20 s in all; destroy after 10 s)"
            for name in ["libxl_device_vfb_remove", "libxl_device_vfb_destroy"] { runner.skip(name, reason) }
        }
    }
}
