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

    /// Passes a host PCI function through to the domain (it must be bound to pciback on the host).
    /// POST `/xend/domain/<dom>` `op=device_create&config=(pci (dev (domain …) (bus …) (slot …) (func …)))`.
    /// - Returns: The domain's PCI back-end (device id 0).
    /// - Throws: ``XendClientError``.
    @discardableResult
    public func attachPCI(_ function: PCIAddress, to domain: DomainReference) async throws(XendClientError)
        -> DeviceReference
    {
        try await attach(.pci(PCIDevices(functions: [function])), to: domain)
    }

    /// Takes a host PCI function back, as xm pci-detach and libvirt did: POST `/xend/domain/<dom>`
    /// `op=device_configure&config=(pci (dev …) (state Closing))&dev=0`.
    /// - Throws: ``XendClientError`` (`Device 0000:00:10.0 is not connected`).
    public func detachPCI(_ function: PCIAddress, from domain: DomainReference) async throws(XendClientError) {
        let devices = PCIDevices(functions: [function], extra: [.pair("state", .atom("Closing"))])
        try await configure(.pci(devices), id: "0", of: domain)
    }

    /// Gives a host USB device to an HVM guest created with `(usb 1)`. POST `/xend/domain/<dom>`
    /// `op=usb_add&dev=host:BUS.ADDR` (or `host:VID:PID`).
    /// - Throws: ``XendClientError``.
    public func addUSBDevice(_ device: USBHostDevice, to domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.usbAdd, on: domain, [(.dev, device.description)]))
    }

    /// Takes a host USB device back. POST `/xend/domain/<dom>` `op=usb_del&dev=host:BUS.ADDR`.
    /// - Throws: ``XendClientError``.
    public func removeUSBDevice(_ device: USBHostDevice, from domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.usbDelete, on: domain, [(.dev, device.description)]))
    }
}
