import FoundationEssentials
import Hypervisor
import Synchronization
import XendModel

/// Everything the simulated host knows about one live domain.
struct SimulatedDomainState: Sendable {
    /// The config it was built from, kept current (hot-plugged devices, renames, memory, vcpus).
    var config: VMConfig { didSet { revision &+= 1 } }
    var uuid: UUID { didSet { revision &+= 1 } }
    var guest: GuestStateMachine
    var memoryTarget: Memory { didSet { revision &+= 1 } }
    var maximumMemory: Memory { didSet { revision &+= 1 } }
    var maximumVCPUs: Int { didSet { revision &+= 1 } }
    /// Pinning per vcpu; an empty list is "any cpu".
    var pinning: [[Int]] { didSet { revision &+= 1 } }
    var weight: Int { didSet { revision &+= 1 } }
    var cap: Int { didSet { revision &+= 1 } }
    var devices: [SimulatedDevice] { didSet { revision &+= 1 } }
    /// The next devid of each class that numbers its devices (xend's `nextDeviceID`: never reused).
    var nextDeviceIDs: [DeviceClass: UInt32] = [:]
    /// Set once the shutdown has been reported and its lifecycle action taken (or, for suspend and
    /// preserve, once it is left alone).
    var shutdownHandled = false
    /// Host USB devices given to the guest's device model (usb_add); like xend, not part of the config.
    var usbDevices: [USBHostDevice] = []
    /// The last SysRq key the guest received.
    var lastSysrq: Int? = nil
    /// Set when the domain has left the host; operations that queued behind its lock then fail.
    var isGone = false
    /// Counts changes to what a record is built from (config, memory, pinning, devices, ...).
    var revision: UInt64 = 0
    /// The record built at `revision` for `onlineVCPUs` online vcpus, before the time-dependent fields.
    var cachedRecord: (revision: UInt64, onlineVCPUs: Int, record: DomainRecord)? = nil

    var name: DomainName { config.name }

    /// The next instant this domain changes by itself: a request obeyed, a shutdown to handle, dying over.
    func nextEvent(dyingDuration: Double) -> SimulationInstant? {
        if isGone { return nil }
        if let dying = guest.dyingSince { return dying.advanced(by: dyingDuration) }
        if let shutdown = guest.shutdown, !shutdownHandled { return shutdown.at }
        return guest.nextEvent
    }

    /// The hypervisor flags at `now` (call ``GuestStateMachine/advance(to:)`` first).
    func flags(at now: SimulationInstant, isControlDomain: Bool) -> DomainStateFlags {
        var flags = DomainStateFlags()
        if guest.dyingSince != nil { flags.insert(.dying) }
        if let shutdown = guest.shutdown {
            flags.insert(shutdown.reason == .crash ? .crashed : .shutdown)
        }
        if guest.isPaused && !isControlDomain { flags.insert(.paused) }
        if guest.isExecuting || isControlDomain {
            flags.insert(isControlDomain || guest.isOnCPU(at: now) ? .running : .blocked)
        }
        return flags
    }
}

/// One live domain: its state behind a short lock, and a separate lock serialising operations on it.
///
/// Lock order, everywhere: a domain's `operation` lock, then the host table's lock, then a domain's
/// `state` lock. `operation` may be held across slow work (a save); the other two never are.
final class SimulatedDomain: Sendable {
    let id: DomainID
    let operation = Mutex(())
    let state: Mutex<SimulatedDomainState>

    init(id: DomainID, state: SimulatedDomainState) {
        self.id = id
        self.state = Mutex(state)
    }

    var isControlDomain: Bool { id.isControlDomain }
}
