import XendModel

/// A disk to attach, as the classic API's `struct xend_device_vbd` described it.
public struct VirtualBlockDevice: Hashable, Sendable {
    /// How the guest may use the disk.
    public enum Mode: String, Hashable, Sendable, CaseIterable, Codable {
        /// Read-only (`r`).
        case readOnly = "r"
        /// Read-write (`w`).
        case readWrite = "w"
        /// Read-write even when another domain has it writable (`w!`).
        case forceReadWrite = "w!"
    }

    /// The backing store in xend's `uname` form: `phy:/dev/vg0/lv`, `file:/srv/disk.img`, `tap:aio:/img`.
    public var backingStore: String
    /// The device name the guest sees (`xvdb`, `hdc:cdrom`).
    public var device: String
    /// The access mode.
    public var mode: Mode
    /// The domain serving the disk; `nil` means Domain-0.
    public var backend: DomainID?

    /// A disk backed by `backingStore`, seen by the guest as `device`.
    public init(backingStore: String, device: String, mode: Mode = .readWrite, backend: DomainID? = nil) {
        self.backingStore = backingStore
        self.device = device
        self.mode = mode
        self.backend = backend
    }

    /// The wire form, `(vbd (uname …) (dev …) (mode …))`.
    public var deviceConfig: DeviceConfig {
        .vbd(BlockDevice(uname: backingStore, dev: device, mode: mode.rawValue, backend: backend))
    }
}

/// A network interface to attach, as the classic API's `struct xend_device_vif` described it.
public struct VirtualNetworkInterface: Hashable, Sendable {
    /// The interface's MAC; `nil` lets the daemon choose one.
    public var mac: MACAddress?
    /// The bridge to join (`xenbr0`).
    public var bridge: String?
    /// The hotplug script (`vif-bridge`).
    public var script: String?
    /// A fixed IP address for the anti-spoofing rules.
    public var ip: String?
    /// The emulated model for HVM guests (`e1000`).
    public var model: String?
    /// The back-end interface's name.
    public var vifname: String?
    /// The domain serving the interface; `nil` means Domain-0.
    public var backend: DomainID?

    /// An interface with the given fields; all are optional.
    public init(
        mac: MACAddress? = nil, bridge: String? = nil, script: String? = nil, ip: String? = nil,
        model: String? = nil, vifname: String? = nil, backend: DomainID? = nil
    ) {
        self.mac = mac
        self.bridge = bridge
        self.script = script
        self.ip = ip
        self.model = model
        self.vifname = vifname
        self.backend = backend
    }

    /// The wire form, `(vif (mac …) (bridge …) …)`.
    public var deviceConfig: DeviceConfig {
        .vif(
            NetworkInterface(
                mac: mac?.description, bridge: bridge, script: script, backend: backend, ip: ip, vifname: vifname,
                model: model
            )
        )
    }
}

extension IOPortRange {
    /// A range of I/O ports for passthrough, `(ioports (from 0x3f8) (to 0x3ff))`, as the classic API's
    /// `struct xend_device_ioport` gave it.
    public init(ports: ClosedRange<UInt16>) {
        self.init(from: "0x" + String(ports.lowerBound, radix: 16), to: "0x" + String(ports.upperBound, radix: 16))
    }
}
