import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// `op=devices` and `op=wait_for_devices`, which xend defined by xenstore: the raw front-end keys of each
/// device, and the back-end's hotplug status. libxl has no call for either, so they read xenstore.
extension LibxlHypervisor {
    /// xend's `device-create-timeout`, used when the caller gives none.
    static let defaultDeviceTimeout = 100.0

    /// The front-end directories of the domain's devices of one class, as xend returned them: for each
    /// device, its devid and its keys in xenstore's order.
    public func devices(_ deviceClass: DeviceClass, of domain: DomainID) throws(XendError)
        -> [DeviceFrontendState]
    {
        let id = try liveID(domain)
        guard let name = DeviceLookup.frontendDirectoryName(of: deviceClass) else { return [] }
        let directory = "/local/domain/\(id.rawValue)/device/\(name)"
        let stored = deviceClass.isBlockDevice ? storedConfig(of: id) : nil
        var devices: [DeviceFrontendState] = []
        for entry in try children(of: directory) {
            guard let devid = Int(entry) else { continue }
            // Disks of every class share the vbd front-end; the stored config says which class each is.
            if deviceClass.isBlockDevice,
                DeviceLookup.diskClass(of: UInt32(truncatingIfNeeded: devid), in: stored) != deviceClass
            {
                continue
            }
            let path = "\(directory)/\(entry)"
            let entries = try children(of: path).compactMap { key in
                xenStoreValue("\(path)/\(key)").map { DeviceFrontendState.Entry(key, $0) }
            }
            devices.append(DeviceFrontendState(deviceID: devid, entries: entries))
        }
        return devices.sorted { $0.deviceID < $1.deviceID }
    }

    /// Returns when every device's back-end is connected: its hotplug script reported `connected` (or, for a
    /// back-end without one, such as QEMU's, it reached InitWait or Connected). Fails at once when a hotplug
    /// script reported an error, else after `timeout` seconds, naming the first device not connected.
    public func waitForDevices(_ domain: DomainID, timeout: Double?) throws(XendError) {
        let id = try liveID(domain)
        let deadline = MonotonicClock.seconds() + (timeout ?? Self.defaultDeviceTimeout)
        while true {
            let pending = try unconnectedDevice(of: id)
            guard let pending else { return }
            if pending.failed || MonotonicClock.seconds() >= deadline {
                throw XendError(
                    .operationFailed,
                    "Device \(pending.devid) (\(pending.deviceClass)) could not be connected. Hotplug scripts not working."
                )
            }
            usleep(100_000)
        }
    }

    /// The first device whose back-end is not connected yet, and whether its hotplug script failed.
    private func unconnectedDevice(of id: Domid) throws(XendError)
        -> (deviceClass: String, devid: String, failed: Bool)?
    {
        let root = "/local/domain/\(id.rawValue)/device"
        for deviceClass in try children(of: root).sorted() {
            // Only numbered entries are devices (libxl also keeps `device/suspend/event-channel` there).
            for devid in try children(of: "\(root)/\(deviceClass)").sorted() where Int(devid) != nil {
                guard let backend = xenStoreValue("\(root)/\(deviceClass)/\(devid)/backend") else {
                    return (deviceClass, devid, false)
                }
                switch xenStoreValue("\(backend)/hotplug-status") {
                case "connected": continue
                case "error": return (deviceClass, devid, true)
                case nil:
                    let state = xenStoreValue("\(backend)/state").flatMap { Int($0) }
                    if state == 2 || state == 4 { continue }
                    return (deviceClass, devid, false)
                default: return (deviceClass, devid, false)
                }
            }
        }
        return nil
    }

    /// A xenstore directory's children; none when it does not exist.
    private func children(of path: String) throws(XendError) -> [String] {
        do {
            return try XenStore.directory(path)
        } catch  where error.errno == ENOENT {
            return []
        } catch {
            throw XendError(.operationFailed, "cannot read \(error)")
        }
    }

    /// The value at `path`, or `nil` when there is none; a read that fails otherwise is logged.
    private func xenStoreValue(_ path: String) -> String? {
        do {
            return try XenStore.read(path)
        } catch  where error.errno == ENOENT {
            return nil
        } catch {
            logger.warning("\(error); taken as absent")
            return nil
        }
    }
}
