import FoundationEssentials
import Hypervisor
public import XendModel

/// Operations the libxl backend does not carry out yet: each fails with a clear error rather than pretend.
/// docs/libxl-backend.md lists them and the libxl calls that will do them.
extension LibxlHypervisor {
    public func reset(_ domain: XendModel.DomainID) throws(XendError) {
        throw .notSupportedByLibxl("reset")
    }

    public func save(_ domain: XendModel.DomainID, to path: String) throws(XendError) {
        throw .notSupportedByLibxl("save")
    }

    public func restore(from path: String) throws(XendError) -> DomainRecord {
        throw .notSupportedByLibxl("restore")
    }

    public func migrate(_ domain: XendModel.DomainID, to host: String, port: Int, live: Bool) throws(XendError) {
        throw .notSupportedByLibxl("migrate")
    }

    public func dumpCore(
        _ domain: XendModel.DomainID, to path: String, live: Bool, crash: Bool, reset: Bool
    ) throws(XendError) {
        throw .notSupportedByLibxl("dump_core")
    }

    public func createDevice(_ device: DeviceConfig, for domain: XendModel.DomainID) throws(XendError)
        -> DeviceReference
    {
        throw .notSupportedByLibxl("device_create")
    }

    public func destroyDevice(
        _ deviceClass: DeviceClass, _ device: String, force: Bool, for domain: XendModel.DomainID
    ) throws(XendError) {
        throw .notSupportedByLibxl("device_destroy")
    }

    public func configureDevice(
        _ device: DeviceConfig, _ reference: String, for domain: XendModel.DomainID
    ) throws(XendError) {
        throw .notSupportedByLibxl("device_configure")
    }

    public func devices(_ deviceClass: DeviceClass, of domain: XendModel.DomainID) throws(XendError)
        -> [DeviceFrontendState]
    {
        throw .notSupportedByLibxl("devices")
    }

    public func waitForDevices(_ domain: XendModel.DomainID, timeout: Double?) throws(XendError) {
        throw .notSupportedByLibxl("wait_for_devices")
    }
}
