import Glibc

/// One PV guest taken through create, boot, pause, unpause and destroy, checking libxl's view after each call.
struct GuestLifecycle {
    let session: LibxlSession
    let options: SmokeOptions

    func run(_ report: inout StepReport) {
        let spec = options.guestSpec
        guard let domid = report.step("create PV guest", { () throws(SmokeFailure) in try create(spec) }) else {
            return
        }

        var isDestroyed = false
        defer {
            if !isDestroyed {
                // Leave no guest behind, even after a failed step.
                do throws(SmokeFailure) { try session.destroy(domid) } catch { print("  cleanup: \(error)") }
            }
        }
        report.step("new guest starts paused") { () throws(SmokeFailure) in
            let guest = try session.existingDomain(domid)
            print("  flags \(guest.flags)")
            guard guest.isPaused else { throw SmokeFailure("expected the p flag after create, got \(guest.flags)") }
        }
        report.step("unpause, guest listed as running") { () throws(SmokeFailure) in
            try session.unpause(domid)
            guard let guest = try session.domains().first(where: { $0.domid == domid }) else {
                throw SmokeFailure("domain \(domid) is missing from libxl_list_domain")
            }
            print("  \(guest.domid)\t\(guest.name)\t\(guest.memoryMiB) MiB\t\(guest.flags)")
            guard guest.isLive, guest.name == spec.name else {
                throw SmokeFailure("expected a live domain named \(spec.name), got '\(guest.name)' \(guest.flags)")
            }
        }
        report.step("guest kernel boots") { () throws(SmokeFailure) in
            let console = GuestConsoleLog(directory: options.consoleDirectory, guestName: spec.name)
            let booted = try waitUntil(timeoutSeconds: options.bootTimeoutSeconds) {
                console.contains(options.bootMarker)
            }
            guard booted else {
                throw SmokeFailure(
                    "no '\(options.bootMarker)' in \(console.path) after \(options.bootTimeoutSeconds) s")
            }
            for line in console.lines(containing: options.bootMarker) { print("  console: \(line)") }
        }
        report.step("pause") { () throws(SmokeFailure) in
            try session.pause(domid)
            let before = try session.existingDomain(domid)
            guard before.isPaused else { throw SmokeFailure("expected the p flag after pause, got \(before.flags)") }
            pauseThread(milliseconds: 1000)
            let after = try session.existingDomain(domid)
            print("  flags \(after.flags), cpu time \(before.cpuTime) ns then \(after.cpuTime) ns one second later")
            guard after.cpuTime == before.cpuTime else { throw SmokeFailure("a paused guest used CPU time") }
        }
        report.step("unpause") { () throws(SmokeFailure) in
            let pausedTime = try session.existingDomain(domid).cpuTime
            try session.unpause(domid)
            let guest = try session.existingDomain(domid)
            guard guest.isLive else { throw SmokeFailure("expected a live domain after unpause, got \(guest.flags)") }
            var latest = guest
            let ran = try waitUntil(timeoutSeconds: 30) { () throws(SmokeFailure) in
                latest = try session.existingDomain(domid)
                return latest.cpuTime > pausedTime
            }
            print("  flags \(latest.flags), cpu time \(pausedTime) ns -> \(latest.cpuTime) ns")
            guard ran else { throw SmokeFailure("the guest used no CPU time in 30 s after unpause") }
        }
        report.step("destroy") { () throws(SmokeFailure) in
            try session.destroy(domid)
            isDestroyed = true
            let gone = try waitUntil(timeoutSeconds: 30) { () throws(SmokeFailure) in try session.domain(domid) == nil }
            guard gone else { throw SmokeFailure("domain \(domid) still exists 30 s after libxl_domain_destroy") }
            let listed = try session.domains().map(\.domid)
            print("  domains now: \(listed)")
            guard !listed.contains(domid) else { throw SmokeFailure("domain \(domid) is still listed") }
        }
    }

    /// Creates the guest after checking its files, so a missing kernel fails with the path, not a libxl code.
    private func create(_ spec: PVGuestSpec) throws(SmokeFailure) -> UInt32 {
        try requireReadable(spec.kernelPath)
        try requireReadable(spec.ramdiskPath)
        let domid = try session.createPVGuest(spec)
        print("  '\(spec.name)' is domain \(domid): \(spec.memoryMiB) MiB, kernel \(spec.kernelPath)")
        return domid
    }

    private func requireReadable(_ path: String) throws(SmokeFailure) {
        guard access(path, R_OK) == 0 else { throw SmokeFailure("cannot read \(path)") }
    }
}
