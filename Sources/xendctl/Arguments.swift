import ArgumentParser
import XendClientKit
import XendModel

/// A domain argument: a UUID, else a decimal id, else a name.
extension DomainReference: ExpressibleByArgument {
    public init?(argument: String) {
        guard let reference = try? DomainReference(parsing: argument) else { return nil }
        self = reference
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}

/// A new domain name (`rename`).
extension DomainName: ExpressibleByArgument {
    public init?(argument: String) { self.init(validating: argument) }
}

/// `shutdown --reason`: only the reasons op=shutdown accepts, in xend's order.
extension XendShutdownReason: ExpressibleByArgument {
    public init?(argument: String) {
        guard let reason = try? XendShutdownReason(shutdownOpReason: argument) else { return nil }
        self = reason
    }

    public static var allValueStrings: [String] { shutdownOpReasons.map(\.rawValue) }
    public var defaultValueDescription: String { rawValue }
}

/// `network-attach --mac`.
extension MACAddress: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `pci-attach`/`pci-detach`: a host PCI function, `0000:00:10.0`.
extension PCIAddress: ExpressibleByArgument {
    public init?(argument: String) { self.init(hostAddress: argument) }
}

/// `usb-add`/`usb-del`: `host:BUS.ADDR` or `host:VID:PID`.
extension USBHostDevice: ExpressibleByArgument {
    public init?(argument: String) {
        guard let device = try? USBHostDevice(argument) else { return nil }
        self = device
    }
}

/// The disk access mode of `block-attach`: `r`, `w` or `w!`.
extension VirtualBlockDevice.Mode: ExpressibleByArgument {}

/// The key of `xendctl sysrq`: exactly one character (the client sends its code).
struct SysrqCharacter: ExpressibleByArgument {
    let character: Character

    init?(argument: String) {
        guard argument.count == 1, let character = argument.first else { return nil }
        self.character = character
    }
}

/// The physical CPUs of `vcpu-pin`: a list such as `0,2-3`, or `all` (every CPU of the host).
enum CPUSelection: ExpressibleByArgument {
    case all
    case list([Int])

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let list = try? CPUAffinity.parseCPUList(argument) {
            self = .list(list)
        } else {
            return nil
        }
    }
}
