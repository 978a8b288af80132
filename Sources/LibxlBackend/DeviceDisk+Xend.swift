import XendModel
import Xenlight

extension DeviceDisk {
    /// A `vbd`/`tap`/`tap2` device: `uname` names the backing store, `dev` the guest device, `mode` the access.
    ///
    /// `phy:/dev/x` is a raw block device (`phy` back-end); `file:/img` a raw image (libxl picks the back-end);
    /// `tap:aio:`, `tap:qcow:`, `tap:qcow2:`, `tap:vhd:` (also under `tap2:`) are images of that format on the
    /// `tap` back-end. A `:cdrom` device without a `uname` is an empty drive. `w!` (xend's "share writable")
    /// is writable: libxl has no sharing check to skip.
    init(xend device: BlockDevice) throws(XendError) {
        self.init()
        guard let vdev = device.virtualDevice, !vdev.isEmpty else {
            throw .invalidConfigurationValue("block device without dev: \(device.uname ?? "")")
        }
        self.vdev = vdev
        if device.isCDROM {
            isCdrom = 1
            removable = 1
        }
        if let mode = device.mode, !["r", "w", "w!"].contains(mode) {
            throw .invalidConfigurationValue("Invalid mode for block device \(vdev): \(mode)")
        }
        readwrite = device.isWritable ? 1 : 0
        guard let uname = device.uname, !uname.isEmpty else {
            guard device.isCDROM else { throw .invalidConfigurationValue("block device \(vdev) without uname") }
            format = .empty
            return
        }
        let (backend, format, path) = try Self.parse(uname: uname)
        self.backend = backend
        self.format = format
        pdevPath = path
    }

    /// Splits `phy:/dev/x`, `file:/img`, `tap:<driver>:/img` into back-end, format and path.
    static func parse(uname: String) throws(XendError) -> (DiskBackend, DiskFormat, String) {
        let parts = uname.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty else {
            throw .invalidConfigurationValue("Invalid uname for block device: \(uname)")
        }
        switch parts[0] {
        case "phy":
            return (.phy, .raw, parts[1])
        case "file":
            return (.unknown, .raw, parts[1])
        case "tap", "tap2":
            let driverAndPath = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
            guard driverAndPath.count == 2, !driverAndPath[1].isEmpty else {
                throw .invalidConfigurationValue("Invalid uname for block device: \(uname)")
            }
            let format: DiskFormat
            switch driverAndPath[0] {
            case "aio", "sync", "raw": format = .raw
            case "qcow": format = .qcow
            case "qcow2": format = .qcow2
            case "vhd": format = .vhd
            default: throw .notSupportedByLibxl("tap driver \(driverAndPath[0])")
            }
            return (.tap, format, driverAndPath[1])
        default:
            throw .notSupportedByLibxl("block device type \(parts[0])")
        }
    }
}
