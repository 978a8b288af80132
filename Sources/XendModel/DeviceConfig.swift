import SExpression

/// One device of a domain: the value of `(device (<class> ...))` in a config or a record.
public enum DeviceConfig: Hashable, Sendable {
    case vbd(BlockDevice)
    case tap(BlockDevice)
    case tap2(BlockDevice)
    case vif(NetworkInterface)
    case vfb(Framebuffer)
    case vkbd(KeyboardDevice)
    case pci(PCIDevices)
    case console(ConsoleDevice)
    case vtpm(VTPMDevice)
    case ioports(IOPortRange)
    case irq(IRQDevice)
    case usb(USBDevice)
    /// A class the model has no fields for (`vscsi`, `vusb`): its children are kept verbatim.
    case other(DeviceClass, ExtraFields)

    /// The device's class.
    public var deviceClass: DeviceClass {
        switch self {
        case .vbd: .vbd
        case .tap: .tap
        case .tap2: .tap2
        case .vif: .vif
        case .vfb: .vfb
        case .vkbd: .vkbd
        case .pci: .pci
        case .console: .console
        case .vtpm: .vtpm
        case .ioports: .ioports
        case .irq: .irq
        case .usb: .usb
        case .other(let deviceClass, _): deviceClass
        }
    }

    /// The block device of a `vbd`, `tap` or `tap2`.
    public var blockDevice: BlockDevice? {
        switch self {
        case .vbd(let device), .tap(let device), .tap2(let device): device
        default: nil
        }
    }

    /// Reads a device body such as `(vbd (uname phy:/dev/x) (dev xvdb) (mode w))`, as op=device_create
    /// and op=device_configure send it.
    /// - Throws: `Invalid Configuration: Invalid device (<class>)` for a class xend does not know.
    public init(_ expression: SExpression) throws(XendError) {
        guard let head = expression.head else {
            throw .invalidDeviceClass(expression.atomValue ?? "")
        }
        guard let deviceClass = DeviceClass(rawValue: head) else { throw .invalidDeviceClass(head) }
        let body = expression.tail
        switch deviceClass {
        case .vbd: self = .vbd(try BlockDevice(fields: body))
        case .tap: self = .tap(try BlockDevice(fields: body))
        case .tap2: self = .tap2(try BlockDevice(fields: body))
        case .vif: self = .vif(try NetworkInterface(fields: body))
        case .vfb: self = .vfb(try Framebuffer(fields: body))
        case .vkbd: self = .vkbd(try KeyboardDevice(fields: body))
        case .pci: self = .pci(try PCIDevices(fields: body))
        case .console: self = .console(try ConsoleDevice(fields: body))
        case .vtpm: self = .vtpm(try VTPMDevice(fields: body))
        case .ioports: self = .ioports(try IOPortRange(fields: body))
        case .irq: self = .irq(try IRQDevice(fields: body))
        case .usb: self = .usb(try USBDevice(fields: body))
        case .vscsi, .vusb: self = .other(deviceClass, ExtraFields(Array(body)))
        }
    }

    /// The device body, `(<class> (key value) ...)`.
    public func toSExpression() -> SExpression {
        .list([.atom(deviceClass.rawValue)] + fieldExpressions)
    }

    /// The children after the class.
    var fieldExpressions: [SExpression] {
        switch self {
        case .vbd(let device), .tap(let device), .tap2(let device): device.fieldExpressions
        case .vif(let device): device.fieldExpressions
        case .vfb(let device): device.fieldExpressions
        case .vkbd(let device): device.fieldExpressions
        case .pci(let device): device.fieldExpressions
        case .console(let device): device.fieldExpressions
        case .vtpm(let device): device.fieldExpressions
        case .ioports(let device): device.fieldExpressions
        case .irq(let device): device.fieldExpressions
        case .usb(let device): device.fieldExpressions
        case .other(_, let fields): fields.elements
        }
    }

    /// Reads every `(device (<class> ...))` child, in order.
    static func devices(in children: ArraySlice<SExpression>) throws(XendError) -> [DeviceConfig] {
        try children.map { child throws(XendError) in
            try DeviceConfig(child.listValue.flatMap { $0.count >= 2 ? $0[1] : nil } ?? .list([]))
        }
    }
}

/// JSON: an object with one member named after the class, `{"vbd": {"uname": ..., "dev": ...}}`.
extension DeviceConfig: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1,
            let deviceClass = DeviceClass(rawValue: key.stringValue)
        else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected one member naming a device class"))
        }
        switch deviceClass {
        case .vbd: self = .vbd(try container.decode(BlockDevice.self, forKey: key))
        case .tap: self = .tap(try container.decode(BlockDevice.self, forKey: key))
        case .tap2: self = .tap2(try container.decode(BlockDevice.self, forKey: key))
        case .vif: self = .vif(try container.decode(NetworkInterface.self, forKey: key))
        case .vfb: self = .vfb(try container.decode(Framebuffer.self, forKey: key))
        case .vkbd: self = .vkbd(try container.decode(KeyboardDevice.self, forKey: key))
        case .pci: self = .pci(try container.decode(PCIDevices.self, forKey: key))
        case .console: self = .console(try container.decode(ConsoleDevice.self, forKey: key))
        case .vtpm: self = .vtpm(try container.decode(VTPMDevice.self, forKey: key))
        case .ioports: self = .ioports(try container.decode(IOPortRange.self, forKey: key))
        case .irq: self = .irq(try container.decode(IRQDevice.self, forKey: key))
        case .usb: self = .usb(try container.decode(USBDevice.self, forKey: key))
        case .vscsi, .vusb:
            let fields = try container.nestedContainer(keyedBy: FieldKey.self, forKey: key)
            self = .other(deviceClass, try fields.decodeIfPresent(ExtraFields.self, forKey: FieldKey("extra")) ?? [])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        let key = FieldKey(deviceClass.rawValue)
        switch self {
        case .vbd(let device), .tap(let device), .tap2(let device): try container.encode(device, forKey: key)
        case .vif(let device): try container.encode(device, forKey: key)
        case .vfb(let device): try container.encode(device, forKey: key)
        case .vkbd(let device): try container.encode(device, forKey: key)
        case .pci(let device): try container.encode(device, forKey: key)
        case .console(let device): try container.encode(device, forKey: key)
        case .vtpm(let device): try container.encode(device, forKey: key)
        case .ioports(let device): try container.encode(device, forKey: key)
        case .irq(let device): try container.encode(device, forKey: key)
        case .usb(let device): try container.encode(device, forKey: key)
        case .other(_, let fields):
            var nested = container.nestedContainer(keyedBy: FieldKey.self, forKey: key)
            if !fields.isEmpty { try nested.encode(fields, forKey: FieldKey("extra")) }
        }
    }
}
