import FoundationEssentials
import Hypervisor
import XendModel

/// xenbus states, as written to `state` in a device's xenstore directories.
public enum XenbusState: Int, Sendable, CaseIterable {
    case unknown = 0
    case initialising = 1
    case initWait = 2
    case initialised = 3
    case connected = 4
    case closing = 5
    case closed = 6
}

/// One virtual device of a simulated guest and its back-end's progress, evaluated lazily against time.
///
/// A hot-plugged device starts `Initialising`. After the host's hotplug delay the hotplug script has run
/// (`hotplug-status connected`), and the back-end waits for the front-end (`InitWait`); once the guest
/// has run, the front-end connects and both sides are `Connected`. A device whose backing does not exist
/// (a `file:` disk whose image is missing) never gets past `Initialising`, as a failing hotplug script
/// leaves it on real Xen. Destroying moves the back-end to `Closing`, then `Closed`, then the device is gone.
struct SimulatedDevice: Sendable, Equatable {
    /// The device class as xend names it: `vbd`, `tap`, `vif`, `vfb`, `vkbd`, `pci`, `console`, ...
    var deviceClass: String
    /// The devid: the virtual device number for disks, 0, 1, 2... otherwise.
    var id: UInt32
    /// The name users give (`xvda`, `hdc`), when the class has names.
    var name: String?
    /// The device's config, kept for records, saves and restarts.
    var config: DeviceConfig
    /// The device's uuid in records (stable for the domain, class and devid).
    var uuid: UUID
    /// Extra front-end keys (`mac`, `device-type`, ...).
    var frontendKeys: [String: String]
    /// When the back-end was created.
    var createdAt: SimulationInstant
    /// Why the hotplug script fails, or `nil` when it succeeds.
    var hotplugFailure: String?
    /// When a destroy was requested (the back-end is closing from then on).
    var closingSince: SimulationInstant?

    /// The back-end's xenbus state at `now`; `guestHasRun` tells whether the front-end can have connected.
    func backendState(at now: SimulationInstant, hotplugDelay: Double, guestHasRun: Bool) -> XenbusState {
        if let closingSince {
            return now.seconds(since: closingSince) >= hotplugDelay ? .closed : .closing
        }
        guard hotplugFailure == nil, now.seconds(since: createdAt) >= hotplugDelay else { return .initialising }
        return guestHasRun ? .connected : .initWait
    }

    /// Whether a destroyed device has finished closing and can be forgotten.
    func isGone(at now: SimulationInstant, hotplugDelay: Double) -> Bool {
        guard let closingSince else { return false }
        return now.seconds(since: closingSince) >= hotplugDelay
    }

    /// The xenstore front-end directory as `op=devices` shows it.
    func frontendView(domainID: UInt32, at now: SimulationInstant, hotplugDelay: Double, guestHasRun: Bool)
        -> [(key: String, value: String)]
    {
        let backend = backendState(at: now, hotplugDelay: hotplugDelay, guestHasRun: guestHasRun)
        let frontend: XenbusState =
            switch backend {
            case .connected: .connected
            case .closing, .closed: .closing
            default: .initialising
            }
        var keys: [String: String] = frontendKeys
        keys["backend-id"] = "0"
        keys["backend"] = "/local/domain/0/backend/\(deviceClass)/\(domainID)/\(id)"
        keys["state"] = String(frontend.rawValue)
        return keys.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}
