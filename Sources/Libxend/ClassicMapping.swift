import CLibxend
import Foundation
import XendClientKit
import XendModel

/// The classic `struct xend_image` fields of a domain image (a PV kernel; an HVM image gives its kernel
/// and arguments, without root).
struct ClassicImage {
    var kernel: String?
    var ramdisk: String?
    var root: String?
    var extra: String?

    init() {}

    init(_ image: DomainImage) {
        switch image {
        case .linux(let linux):
            kernel = linux.kernel
            ramdisk = linux.ramdisk
            root = linux.root
            extra = linux.args
        case .hvm(let hvm):
            kernel = hvm.kernel
            ramdisk = hvm.ramdisk
            extra = hvm.args
        }
    }

    /// An I/O port bound as xend writes it (`0x3f8`, or decimal); 0 when unreadable.
    static func port(_ text: String?) -> UInt16 {
        guard let text else { return 0 }
        if text.lowercased().hasPrefix("0x") { return UInt16(text.dropFirst(2), radix: 16) ?? 0 }
        return UInt16(text) ?? 0
    }
}

/// `enum xend_domain_restart` and xend's lifecycle actions, both ways.
enum ClassicRestart {
    static func from(_ action: LifecycleAction) -> xend_domain_restart {
        switch action {
        case .destroy, .coredumpDestroy: XEND_DESTROY
        case .restart, .coredumpRestart: XEND_RESTART
        case .preserve: XEND_PRESERVE
        case .renameRestart: XEND_RENAME_RESTART
        }
    }

    /// Whether `value` is `XEND_DEFAULT` or one of the enum's values.
    static func isValid(_ value: xend_domain_restart) -> Bool {
        value.rawValue == XEND_DEFAULT || action(value) != nil
    }

    /// The action a classic value asks for; `nil` for `XEND_DEFAULT` (no `on_*` key is sent, so the
    /// daemon's default applies) and for a value outside the enum (see ``isValid(_:)``).
    static func action(_ value: xend_domain_restart) -> LifecycleAction? {
        switch value {
        case XEND_DESTROY: .destroy
        case XEND_RESTART: .restart
        case XEND_PRESERVE: .preserve
        case XEND_RENAME_RESTART: .renameRestart
        default: nil
        }
    }
}

extension DeviceConfig {
    /// The interface of a `vif`.
    var networkInterface: NetworkInterface? {
        if case .vif(let interface) = self { return interface }
        return nil
    }

    /// The range of an `ioports` device.
    var ioPortRange: IOPortRange? {
        if case .ioports(let range) = self { return range }
        return nil
    }
}

/// A C string argument as Swift text; `nil` for NULL or an empty string (both refused with EINVAL).
func cArgument(_ text: UnsafePointer<CChar>?) -> String? {
    guard let text, text.pointee != 0 else { return nil }
    return String(cString: text)
}

/// An optional C string field: `nil` for NULL or empty.
func cField(_ text: UnsafePointer<CChar>?) -> String? { cArgument(text) }

/// The backend domain of a classic device (`XEND_DEFAULT`, 0, is Domain-0 and sent as nothing).
func classicBackend(_ value: Int32) -> DomainID? { value > 0 ? DomainID(UInt32(value)) : nil }

extension xend_device_vbd_mode {
    /// The classic mode of xend's `r`, `w` or `w!` (anything else, and no mode, read-write: the daemon's default).
    init(wire: String) {
        switch wire {
        case "r": self = XEND_READ_ONLY
        case "w!": self = XEND_READ_WRITE_FORCE
        default: self = XEND_READ_WRITE
        }
    }
}

extension xend_device_vbd {
    /// The disk to attach.
    func virtualBlockDevice() -> VirtualBlockDevice? {
        guard let uname = cField(uname), let dev = cField(dev) else { return nil }
        let mode: VirtualBlockDevice.Mode
        switch self.mode {
        case XEND_READ_ONLY: mode = .readOnly
        case XEND_READ_WRITE, xend_device_vbd_mode(XEND_DEFAULT): mode = .readWrite
        case XEND_READ_WRITE_FORCE: mode = .forceReadWrite
        default: return nil
        }
        return VirtualBlockDevice(backingStore: uname, device: dev, mode: mode, backend: classicBackend(backend))
    }
}

extension xend_device_vif {
    /// The MAC, or `nil` when all six bytes are zero (the daemon picks one).
    var macAddress: MACAddress? {
        let bytes = withUnsafeBytes(of: mac) { Array($0) }
        return bytes.allSatisfy { $0 == 0 } ? nil : MACAddress(bytes: bytes)
    }

    /// The interface to attach.
    func virtualNetworkInterface() -> VirtualNetworkInterface {
        VirtualNetworkInterface(
            mac: macAddress, bridge: cField(bridge), script: cField(script), ip: cField(ip),
            vifname: cField(vifname), backend: classicBackend(backend))
    }
}
