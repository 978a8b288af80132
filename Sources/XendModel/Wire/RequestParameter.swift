/// The name of a form or query parameter the daemon reads, in its wire spelling.
///
/// Handlers read parameters and the client sends them through these constants only, so both sides
/// spell each name once.
public struct RequestParameter: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The name on the wire.
    public let rawValue: String

    /// A parameter named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

extension RequestParameter {
    /// The operation of a POST (and of `GET /xend/domain/<dom>?op=vcpuinfo`).
    public static let op = Self(rawValue: "op")

    /// Lists the domains in another state than running (`all`, `halted`, …).
    public static let state = Self(rawValue: "state")
    /// `1` asks for whole records instead of names.
    public static let detail = Self(rawValue: "detail")

    /// An S-expression: the `(vm ...)` of create and new, the device of device_create and device_configure.
    public static let config = Self(rawValue: "config")
    /// A device class (`vbd`, `vif`, …).
    public static let type = Self(rawValue: "type")
    /// A device id or the guest's name for it.
    public static let dev = Self(rawValue: "dev")
    /// `1` removes a device even when the guest does not answer.
    public static let force = Self(rawValue: "force")
    /// Whether device_destroy also removes the device from the stored configuration.
    public static let removeFromConfig = Self(rawValue: "rm_cfg")

    /// Why op=shutdown asks the guest to stop (`poweroff`, `reboot`, …).
    public static let reason = Self(rawValue: "reason")
    /// The new name of op=rename.
    public static let name = Self(rawValue: "name")
    /// The SysRq key, as its decimal ASCII code.
    public static let key = Self(rawValue: "key")

    /// The memory target in MiB.
    public static let target = Self(rawValue: "target")
    /// The maximum memory in MiB.
    public static let memory = Self(rawValue: "memory")
    /// How many VCPUs are online.
    public static let vcpus = Self(rawValue: "vcpus")
    /// A VCPU number, or `all`.
    public static let vcpu = Self(rawValue: "vcpu")
    /// Physical CPU numbers, comma-separated.
    public static let cpumap = Self(rawValue: "cpumap")
    /// A scheduler weight.
    public static let weight = Self(rawValue: "weight")
    /// A credit scheduler cap, in percent of one CPU.
    public static let cap = Self(rawValue: "cap")
    /// A SEDF scheduler period.
    public static let period = Self(rawValue: "period")
    /// A SEDF scheduler slice.
    public static let slice = Self(rawValue: "slice")
    /// A SEDF scheduler latency.
    public static let latency = Self(rawValue: "latency")
    /// A SEDF scheduler extra-time flag.
    public static let extratime = Self(rawValue: "extratime")

    /// A path on the daemon's host (save, restore, dump).
    public static let file = Self(rawValue: "file")
    /// `1` keeps the domain running (dump, migrate).
    public static let live = Self(rawValue: "live")
    /// `1` leaves the domain crashed after a dump.
    public static let crash = Self(rawValue: "crash")
    /// `1` resets the domain after a dump.
    public static let reset = Self(rawValue: "reset")
    /// The host a domain migrates to.
    public static let destination = Self(rawValue: "destination")
    /// The destination's relocation port; `0` means the configured one.
    public static let port = Self(rawValue: "port")
    /// The destination NUMA node of a migration (`-1`: any).
    public static let node = Self(rawValue: "node")
    /// Whether a migration uses SSL.
    public static let ssl = Self(rawValue: "ssl")
    /// Whether a migrated domain changes its home server.
    public static let changeHomeServer = Self(rawValue: "change_home_server")
    /// Sent by libvirt to older daemons with op=migrate; the last xend ignored it.
    public static let resource = Self(rawValue: "resource")
}
