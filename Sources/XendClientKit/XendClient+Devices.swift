import SExpression
import XendModel

extension XendClient {
    /// Hot-plugs a disk. `xend_vbd_create`; POST `/xend/domain/<dom>` `op=device_create&config=(vbd …)`.
    /// - Returns: The new device's class, domain and device id.
    /// - Throws: ``XendClientError``.
    @discardableResult
    public func attach(_ disk: VirtualBlockDevice, to domain: DomainReference) async throws(XendClientError)
        -> DeviceReference
    {
        try await attach(disk.deviceConfig, to: domain)
    }

    /// Hot-plugs a network interface. `xend_vif_create`; POST `/xend/domain/<dom>`
    /// `op=device_create&config=(vif …)`.
    /// - Returns: The new device's class, domain and device id.
    /// - Throws: ``XendClientError``.
    @discardableResult
    public func attach(_ interface: VirtualNetworkInterface, to domain: DomainReference) async throws(XendClientError)
        -> DeviceReference
    {
        try await attach(interface.deviceConfig, to: domain)
    }

    /// Hot-plugs any device. POST `/xend/domain/<dom>` `op=device_create&config=(<class> …)`.
    /// - Returns: The new device's class, domain and device id.
    /// - Throws: ``XendClientError``.
    @discardableResult
    public func attach(_ device: DeviceConfig, to domain: DomainReference) async throws(XendClientError)
        -> DeviceReference
    {
        let request = XendRequest.domainOperation(
            .deviceCreate, on: domain, [(.config, device.toSExpression().description)])
        return try await fetch(request, as: DeviceReference.self)
    }

    /// Unplugs a disk. `xend_vbd_destroy`; POST `/xend/domain/<dom>`
    /// `op=device_destroy&type=vbd&dev=<ref>&force=0&rm_cfg=1`.
    /// - Parameter device: The device id (`51728`) or the guest's name for it (`xvdb`).
    /// - Throws: ``XendClientError`` (`Device xvdb is not defined`).
    public func detachBlockDevice(_ device: String, from domain: DomainReference) async throws(XendClientError) {
        try await detach(.vbd, device: device, from: domain)
    }

    /// Unplugs a network interface. `xend_vif_destroy`; POST `/xend/domain/<dom>`
    /// `op=device_destroy&type=vif&dev=<ref>&force=0&rm_cfg=1`.
    /// - Parameter device: The interface's device id (`0`) or its MAC.
    /// - Throws: ``XendClientError``.
    public func detachNetworkInterface(_ device: String, from domain: DomainReference) async throws(XendClientError) {
        try await detach(.vif, device: device, from: domain)
    }

    /// Unplugs a device of any class, with the four parameters the last xend required.
    /// - Parameters:
    ///   - deviceClass: `vbd`, `tap`, `vif`, …
    ///   - device: The device id or name.
    ///   - force: Remove it even when the guest does not answer.
    /// - Throws: ``XendClientError``.
    public func detach(
        _ deviceClass: DeviceClass, device: String, from domain: DomainReference, force: Bool = false
    ) async throws(XendClientError) {
        let fields: [(RequestParameter, String)] = [
            (.type, deviceClass.rawValue), (.dev, device), (.force, force ? "1" : "0"), (.removeFromConfig, "1"),
        ]
        _ = try await perform(.domainOperation(.deviceDestroy, on: domain, fields))
    }

    /// Changes a device in place: new CD-ROM media, PCI attach and detach.
    /// POST `/xend/domain/<dom>` `op=device_configure&config=(<class> …)&dev=<ref>`.
    /// - Throws: ``XendClientError``.
    public func configure(_ device: DeviceConfig, id: String, of domain: DomainReference) async throws(XendClientError)
    {
        let fields: [(RequestParameter, String)] = [(.config, device.toSExpression().description), (.dev, id)]
        _ = try await perform(.domainOperation(.deviceConfigure, on: domain, fields))
    }
}
