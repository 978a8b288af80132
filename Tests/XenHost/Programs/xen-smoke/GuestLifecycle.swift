import Glibc

/// One PV guest taken through create, boot, pause, unpause and destroy, checking libxl's view after each call.
///
/// Each step needs the one before it, so the first failure ends the lifecycle (and the guest is destroyed).
struct GuestLifecycle {
    let session: LibxlSession
    let options: SmokeOptions

    func run(_ report: inout StepReport) {
        let spec = options.guestSpec
        guard let domid = report.step("create PV guest", { () throws(SmokeFailure) in try create(spec) }) else {
            return
        }
        let steps: [(name: String, body: (UInt32) throws(SmokeFailure) -> Void)] = [
            ("new guest starts paused", checkStartsPaused),
            ("unpause, guest listed as running", unpauseAndFindInList),
            ("guest kernel boots", waitForBootMarker),
            ("pause", pauseAndCheckCPUTime),
            ("unpause", unpauseAndCheckCPUTime),
            ("destroy", destroyAndCheckGone),
        ]
        for step in steps {
            guard report.step(step.name, { () throws(SmokeFailure) in try step.body(domid) }) != nil else {
                print("  (the remaining guest steps are skipped)")
                break
            }
        }
        // Leave no guest behind after a failed step.
        do throws(SmokeFailure) {
            if try session.domain(domid) != nil { try session.destroy(domid) }
        } catch {
            print("  cleanup of domain \(domid): \(error)")
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

    private func checkStartsPaused(_ domid: UInt32) throws(SmokeFailure) {
        let guest = try session.existingDomain(domid)
        print("  flags \(guest.flags)")
        guard guest.isPaused else { throw SmokeFailure("expected the p flag after create, got \(guest.flags)") }
    }

    private func unpauseAndFindInList(_ domid: UInt32) throws(SmokeFailure) {
        try session.unpause(domid)
        guard let guest = try session.domains().first(where: { $0.domid == domid }) else {
            throw SmokeFailure("domain \(domid) is missing from libxl_list_domain")
        }
        print("  \(guest.domid)\t\(guest.name)\t\(guest.memoryMiB) MiB\t\(guest.flags)")
        guard guest.isLive, guest.name == options.guestName else {
            throw SmokeFailure("expected a live domain named \(options.guestName), got '\(guest.name)' \(guest.flags)")
        }
    }

    private func waitForBootMarker(_ domid: UInt32) throws(SmokeFailure) {
        guard access(options.consoleDirectory, R_OK | X_OK) == 0 else {
            throw SmokeFailure("cannot read \(options.consoleDirectory): is xenconsoled running with --log=guest?")
        }
        let console = GuestConsoleLog(directory: options.consoleDirectory, guestName: options.guestName)
        let booted = try waitUntil(timeoutSeconds: options.bootTimeoutSeconds) { console.contains(options.bootMarker) }
        guard booted else {
            throw SmokeFailure("no '\(options.bootMarker)' in \(console.path) after \(options.bootTimeoutSeconds) s")
        }
        for line in console.lines(containing: options.bootMarker) { print("  console: \(line)") }
    }

    /// A paused guest must not run: its CPU time stays put for a second.
    private func pauseAndCheckCPUTime(_ domid: UInt32) throws(SmokeFailure) {
        try session.pause(domid)
        let before = try session.existingDomain(domid)
        guard before.isPaused else { throw SmokeFailure("expected the p flag after pause, got \(before.flags)") }
        pauseThread(milliseconds: 1000)
        let after = try session.existingDomain(domid)
        print("  flags \(after.flags), cpu time \(before.cpuTime) ns then \(after.cpuTime) ns one second later")
        guard after.cpuTime == before.cpuTime else { throw SmokeFailure("a paused guest used CPU time") }
    }

    /// An unpaused guest runs again: its CPU time grows (its init prints a heartbeat every 5 s).
    private func unpauseAndCheckCPUTime(_ domid: UInt32) throws(SmokeFailure) {
        let pausedTime = try session.existingDomain(domid).cpuTime
        try session.unpause(domid)
        var latest = try session.existingDomain(domid)
        guard latest.isLive else { throw SmokeFailure("expected a live domain after unpause, got \(latest.flags)") }
        let ran = try waitUntil(timeoutSeconds: 30) { () throws(SmokeFailure) in
            latest = try session.existingDomain(domid)
            return latest.cpuTime > pausedTime
        }
        print("  flags \(latest.flags), cpu time \(pausedTime) ns -> \(latest.cpuTime) ns")
        guard ran else { throw SmokeFailure("the guest used no CPU time in 30 s after unpause") }
    }

    private func destroyAndCheckGone(_ domid: UInt32) throws(SmokeFailure) {
        try session.destroy(domid)
        let gone = try waitUntil(timeoutSeconds: 30) { () throws(SmokeFailure) in try session.domain(domid) == nil }
        guard gone else { throw SmokeFailure("domain \(domid) still exists 30 s after libxl_domain_destroy") }
        let listed = try session.domains().map(\.domid)
        print("  domains now: \(listed)")
        guard !listed.contains(domid) else { throw SmokeFailure("domain \(domid) is still listed") }
    }

    private func requireReadable(_ path: String) throws(SmokeFailure) {
        guard access(path, R_OK) == 0 else { throw SmokeFailure("cannot read \(path)") }
    }
}
