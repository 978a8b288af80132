import Hypervisor
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in simulated time: seconds since the Unix epoch, as xend's `start_time` prints it.
public struct SimulationInstant: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970-01-01 00:00 UTC; integral so that adding and comparing delays is exact.
    public var nanosecondsSinceEpoch: Int64

    /// Seconds since 1970-01-01 00:00 UTC.
    public var secondsSinceEpoch: Double { Double(nanosecondsSinceEpoch) / 1e9 }

    /// An instant given in seconds since the epoch (rounded to the nanosecond).
    public init(secondsSinceEpoch: Double) {
        nanosecondsSinceEpoch = Int64((secondsSinceEpoch * 1e9).rounded())
    }

    /// An instant given in nanoseconds since the epoch.
    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// This instant moved by `seconds` (negative moves back).
    public func advanced(by seconds: Double) -> SimulationInstant {
        SimulationInstant(nanosecondsSinceEpoch: nanosecondsSinceEpoch + Int64((seconds * 1e9).rounded()))
    }

    /// Seconds from `earlier` to this instant (negative when `earlier` is later).
    public func seconds(since earlier: SimulationInstant) -> Double {
        Double(nanosecondsSinceEpoch - earlier.nanosecondsSinceEpoch) / 1e9
    }

    public static func < (lhs: SimulationInstant, rhs: SimulationInstant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}

/// The simulated host's sense of time.
///
/// Everything time-dependent in the simulation (cpu time, a guest obeying a shutdown request, a device
/// back-end connecting, a save taking a while) reads this clock, so tests inject a ``ManualClock`` and are
/// deterministic, while the daemon uses ``SystemClock``.
public protocol SimulationClock: Sendable {
    /// The current instant.
    func now() -> SimulationInstant
    /// Returns once the clock has reached `deadline` (a manual clock jumps there at once).
    func sleep(until deadline: SimulationInstant)
}

/// The real wall clock; `sleep(until:)` blocks the calling thread.
public struct SystemClock: SimulationClock {
    public init() {}

    public func now() -> SimulationInstant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return SimulationInstant(nanosecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    public func sleep(until deadline: SimulationInstant) {
        let remaining = deadline.seconds(since: now())
        guard remaining > 0 else { return }
        var request = timespec(tv_sec: Int(remaining), tv_nsec: Int((remaining - Double(Int(remaining))) * 1e9))
        var left = timespec()
        while nanosleep(&request, &left) != 0 && errno == EINTR {
            request = left
        }
    }
}

/// A clock that moves only when told to: tests advance it explicitly, and `sleep(until:)` jumps to the
/// deadline without waiting, so a simulated 100 s device timeout costs no real time.
public final class ManualClock: SimulationClock {
    private let current: Mutex<SimulationInstant>

    /// A clock starting at `start` (default: 2026-01-01 00:00 UTC, a fixed, recognisable instant).
    public init(start: SimulationInstant = SimulationInstant(secondsSinceEpoch: 1_767_225_600)) {
        current = Mutex(start)
    }

    public func now() -> SimulationInstant {
        current.withLock { $0 }
    }

    public func sleep(until deadline: SimulationInstant) {
        current.withLock { $0 = max($0, deadline) }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Double) {
        current.withLock { $0 = $0.advanced(by: seconds) }
    }
}
