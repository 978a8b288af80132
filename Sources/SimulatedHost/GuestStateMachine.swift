/// Why a simulated guest stopped, in xend's words (`shutdown_reason`).
import Hypervisor

enum GuestShutdownReason: String, Sendable, CaseIterable {
    case poweroff, reboot, suspend, crash, halt
}

/// The power state of one simulated guest, advanced lazily: nothing runs in the background; every read
/// first calls ``advance(to:)``, which replays what the guest did since the last look.
///
/// Rules, following Xen:
/// - `cpuTime` grows only while the guest is neither paused nor shut down, by `load` × online vcpus
///   × elapsed time (an idle guest is mostly blocked).
/// - A shutdown request (`control/shutdown` in xenstore) is obeyed after the guest has *run* for
///   `complianceDelay` seconds: a paused guest cannot read its xenstore, so the request waits.
/// - Once shut down (or crashed) the guest stays so until the toolstack applies the lifecycle action.
/// - Destroying makes the domain dying for `dyingDuration`, then it is gone.
struct GuestStateMachine: Sendable, Equatable {
    /// Whether the toolstack has paused the domain (the `p` flag).
    var isPaused = true
    /// Set when the guest has shut down: the reason and when.
    var shutdown: (reason: GuestShutdownReason, at: SimulationInstant)? = nil
    /// Set once the domain is being destroyed.
    var dyingSince: SimulationInstant? = nil
    /// A request the guest has not obeyed yet, and how much running time it still needs.
    var pendingRequest: (reason: GuestShutdownReason, remaining: Double)? = nil
    /// Whether the guest has ever run (front-ends connect only then).
    private(set) var hasRun = false
    /// Seconds of cpu time used by all vcpus.
    private(set) var cpuTime: Double = 0
    /// The instant up to which `cpuTime` and `pendingRequest` are accounted.
    private(set) var accountedUntil: SimulationInstant
    /// The instant the domain was built.
    let startTime: SimulationInstant

    /// Fraction of time each online vcpu is busy while the guest runs.
    var load: Double
    /// Online vcpus (cpu time scales with them).
    var onlineVCPUs: Int

    static func == (lhs: GuestStateMachine, rhs: GuestStateMachine) -> Bool {
        lhs.isPaused == rhs.isPaused && lhs.shutdown?.reason == rhs.shutdown?.reason
            && lhs.shutdown?.at == rhs.shutdown?.at && lhs.dyingSince == rhs.dyingSince
            && lhs.pendingRequest?.reason == rhs.pendingRequest?.reason
            && lhs.pendingRequest?.remaining == rhs.pendingRequest?.remaining && lhs.hasRun == rhs.hasRun
            && lhs.cpuTime == rhs.cpuTime && lhs.accountedUntil == rhs.accountedUntil
            && lhs.startTime == rhs.startTime && lhs.load == rhs.load && lhs.onlineVCPUs == rhs.onlineVCPUs
    }

    /// A freshly built domain: paused, as `op=create` leaves it.
    init(builtAt now: SimulationInstant, load: Double, onlineVCPUs: Int) {
        startTime = now
        accountedUntil = now
        self.load = load
        self.onlineVCPUs = onlineVCPUs
    }

    /// A guest restored from saved values (save files and the host state store).
    init(
        restoredAt now: SimulationInstant, startTime: SimulationInstant, cpuTime: Double, hasRun: Bool,
        load: Double, onlineVCPUs: Int
    ) {
        self.startTime = startTime
        self.accountedUntil = now
        self.cpuTime = cpuTime
        self.hasRun = hasRun
        self.load = load
        self.onlineVCPUs = onlineVCPUs
    }

    /// Whether the guest executes right now (not paused, not shut down, not dying).
    var isExecuting: Bool { !isPaused && shutdown == nil && dyingSince == nil }

    /// Replays time up to `now`: cpu time, and a pending request being obeyed.
    mutating func advance(to now: SimulationInstant) {
        let elapsed = now.seconds(since: accountedUntil)
        guard elapsed > 0 else { return }
        if isExecuting {
            var ran = elapsed
            if let request = pendingRequest {
                if request.remaining <= elapsed {
                    ran = request.remaining
                    shutdown = (request.reason, accountedUntil.advanced(by: request.remaining))
                    pendingRequest = nil
                } else {
                    pendingRequest = (request.reason, request.remaining - elapsed)
                }
            }
            cpuTime += ran * load * Double(onlineVCPUs)
        }
        accountedUntil = now
    }

    /// The next instant at which the state changes by itself (a request obeyed), if any.
    var nextEvent: SimulationInstant? {
        guard isExecuting, let request = pendingRequest else { return nil }
        return accountedUntil.advanced(by: request.remaining)
    }

    /// The `r` flag at `now`: the guest alternates between running and blocked, busy for `load` of each second.
    func isOnCPU(at now: SimulationInstant) -> Bool {
        guard isExecuting else { return false }
        let phase = now.seconds(since: startTime).truncatingRemainder(dividingBy: 1)
        return phase < load
    }

    mutating func pause(at now: SimulationInstant) {
        advance(to: now)
        isPaused = true
    }

    mutating func unpause(at now: SimulationInstant) {
        advance(to: now)
        isPaused = false
        if shutdown == nil && dyingSince == nil { hasRun = true }
    }

    /// Delivers a shutdown request; the guest obeys after running `delay` seconds. A newer request replaces an older one.
    mutating func requestShutdown(
        _ reason: GuestShutdownReason, complianceDelay delay: Double, at now: SimulationInstant
    ) {
        advance(to: now)
        guard shutdown == nil, dyingSince == nil else { return }
        pendingRequest = (reason, max(0, delay))
        advance(to: now)
    }

    /// The guest stops at once (a crash, or the end of a suspend for save).
    mutating func stop(_ reason: GuestShutdownReason, at now: SimulationInstant) {
        advance(to: now)
        guard shutdown == nil else { return }
        shutdown = (reason, now)
        pendingRequest = nil
    }

    /// Undoes a suspend (a save that failed): the guest carries on where it stopped.
    mutating func resumeFromSuspend(at now: SimulationInstant) {
        advance(to: now)
        guard shutdown?.reason == .suspend else { return }
        shutdown = nil
    }

    mutating func beginDying(at now: SimulationInstant) {
        advance(to: now)
        if dyingSince == nil { dyingSince = now }
    }
}
