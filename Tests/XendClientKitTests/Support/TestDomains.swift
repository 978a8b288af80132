import Foundation
import XendModel

/// Domain configurations for live tests, each with a unique name so tests never collide.
enum TestDomains {
    /// A unique valid name with a readable prefix.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// The `(vm ...)` text of a small PV guest: 256 MiB (max 512), 2 VCPUs, one disk, one NIC.
    /// - Parameter onPowerOff: `preserve` keeps a guest that shut down until it is destroyed, so a test
    ///   that shuts a guest down and then destroys it does not race the guest's own power-off.
    static func configText(name: String, onPowerOff: String = "destroy") -> String {
        """
        (vm (name \(name)) (memory 256) (maxmem 512) (vcpus 2) (on_poweroff \(onPowerOff)) (on_reboot restart) \
        (on_crash destroy) (image (linux (kernel /boot/vmlinuz-xen) (args 'console=hvc0 root=/dev/xvda1'))) \
        (device (vbd (uname phy:/dev/vg0/\(name)) (dev xvda) (mode w))) \
        (device (vif (bridge xenbr0) (mac 00:16:3e:12:34:56))))
        """
    }

    static func config(name: String, onPowerOff: String = "destroy") throws -> VMConfig {
        try VMConfig(parsing: configText(name: name, onPowerOff: onPowerOff))
    }
}
