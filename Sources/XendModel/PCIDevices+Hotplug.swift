/// PCI hot-plug as xend's device ops carried it: device_configure of a `(pci ...)` with `(state Initialising)`
/// attaches its functions and `(state Closing)` detaches them; a domain's config keeps one `(pci ...)`
/// listing every function passed through.
extension PCIDevices {
    /// The attach/detach state of device_configure: the device's own `(state ...)` (xm and libvirt put it
    /// there), else the first `dev`'s.
    public var hotplugState: String? {
        extra.value("state")?.atomValue ?? functions.lazy.compactMap(\.state).first
    }

    /// Appends functions without their hot-plug state, which describes a request, not the device.
    public mutating func addFunctions(_ added: [PCIAddress]) {
        functions += added.map { address in
            var address = address
            address.state = nil
            return address
        }
    }
}

extension PCIAddress {
    /// Whether both name the same host function (segment, bus, slot, function), whatever their guest slot
    /// or state; a missing segment is segment 0.
    public func isSameFunction(as other: PCIAddress) -> Bool {
        (domain ?? 0) == (other.domain ?? 0) && bus == other.bus && slot == other.slot && function == other.function
    }

    /// The function at `address`, `DDDD:BB:SS.F` or (segment 0) `BB:SS.F` in hexadecimal, as sysfs and
    /// `xl pci-attach` write it; nil for any other text.
    public init?(hostAddress address: String) {
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let slotAndFunction = parts[parts.count - 1].split(separator: ".", omittingEmptySubsequences: false)
        func hex(_ text: Substring, _ digits: Int) -> Int? {
            guard !text.isEmpty, text.count <= digits, text.allSatisfy(\.isHexDigit) else { return nil }
            return Int(text, radix: 16)
        }
        guard slotAndFunction.count == 2,
            let segment = parts.count == 3 ? hex(parts[0], 4) : 0,
            let bus = hex(parts[parts.count - 2], 2),
            let slot = hex(slotAndFunction[0], 2), slot < 0x20,
            let function = hex(slotAndFunction[1], 1), function < 8
        else { return nil }
        self.init(domain: segment, bus: bus, slot: slot, function: function)
    }

    /// `DDDD:BB:SS.F`, as sysfs and `xl pci-attach` write it.
    public var hostAddress: String {
        func hex(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0, radix: 16)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(hex(domain, 4)):\(hex(bus, 2)):\(hex(slot, 2)).\(hex(function, 1))"
    }
}

extension DeviceConfig {
    /// Whether this is a `(pci ...)` device.
    public var isPCI: Bool {
        if case .pci = self { true } else { false }
    }
}

extension VMConfig {
    /// Adds functions to the config's `(pci ...)` device, making one if it has none.
    public mutating func addPCIFunctions(_ functions: [PCIAddress]) {
        if let index = devices.firstIndex(where: \.isPCI), case .pci(var existing) = devices[index] {
            existing.addFunctions(functions)
            devices[index] = .pci(existing)
        } else {
            var added = PCIDevices()
            added.addFunctions(functions)
            devices.append(.pci(added))
        }
    }

    /// Removes the functions `shouldRemove` picks; a `(pci ...)` device left empty goes too.
    public mutating func removePCIFunctions(where shouldRemove: (PCIAddress) -> Bool) {
        devices = devices.compactMap { device in
            guard case .pci(var existing) = device else { return device }
            existing.functions.removeAll(where: shouldRemove)
            return existing.functions.isEmpty ? nil : .pci(existing)
        }
    }
}
