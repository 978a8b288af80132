import Synchronization

/// Domain events (`libxl_event.h`): shutdown and death, which the daemon needs to apply
/// `on_poweroff` / `on_reboot` / `on_crash`.
///
/// libxl queues events per context once a watch is enabled; `nextEvent()` blocks the calling
/// thread in libxl's own event loop, so give it a thread of its own.
extension Context {
    /// Starts `DOMAIN_SHUTDOWN` and `DOMAIN_DEATH` events for the domain (`libxl_evenable_domain_death`).
    /// - Parameter userValue: copied into each event's `forUser`, to tell watches apart.
    /// - Returns: the watch; cancel it (or close the context) to stop the events.
    public func watchDeath(of domain: Domid, userValue: UInt64 = 0) throws(XenlightError) -> DomainDeathWatch {
        var generator: OpaquePointer?
        try check(
            Calls.evenableDomainDeath(handle, domain.rawValue, userValue, &generator), "libxl_evenable_domain_death")
        guard let generator else { throw XenlightError.fail.in("libxl_evenable_domain_death") }
        return DomainDeathWatch(context: self, generator: generator)
    }

    /// The next queued event, if one has already happened (`libxl_event_check`); never blocks.
    public func pendingEvent() throws(XenlightError) -> Event? {
        let (rc, event) = Calls.eventCheck(handle)
        if rc == ErrorCode.notReady.rawValue { return nil }
        try check(rc, "libxl_event_check")
        return event
    }

    /// Waits for the next event (`libxl_event_wait`).
    public func nextEvent() throws(XenlightError) -> Event {
        let (rc, event) = Calls.eventWait(handle)
        try check(rc, "libxl_event_wait")
        guard let event else { throw XenlightError.fail.in("libxl_event_wait") }
        return event
    }
}

/// An enabled domain death watch (`libxl_evgen_domain_death`).
public final class DomainDeathWatch: Sendable {
    private let context: Context
    /// The `libxl_evgen_domain_death *` as an address (pointers are not `Sendable`); 0 once cancelled.
    private let generator: Mutex<UInt>

    init(context: Context, generator: OpaquePointer) {
        self.context = context
        self.generator = Mutex(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(generator))))
    }

    /// Stops the events (`libxl_evdisable_domain_death`); calling it twice is harmless. Cancel
    /// before closing the context.
    public func cancel() {
        let address = generator.withLock { value in
            defer { value = 0 }
            return value
        }
        guard let generator = OpaquePointer(bitPattern: address) else { return }
        Calls.evdisableDomainDeath(context.handle, generator)
    }
}
