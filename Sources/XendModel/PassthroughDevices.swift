import SExpression

/// Passed-through I/O ports, `(ioports (from 0x3f8) (to 0x3ff))`; the bounds are kept as written.
public struct IOPortRange: Hashable, Sendable {
    /// The first port.
    public var from: String?
    /// The last port.
    public var to: String?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(from: String? = nil, to: String? = nil, extra: ExtraFields = []) {
        self.from = from
        self.to = to
        self.extra = extra
    }
}

extension IOPortRange: FieldTable {
    static let tag = "ioports"
    static var blank: IOPortRange { IOPortRange() }
    static let fields: [Field<IOPortRange>] = [.optional("from", \.from), .optional("to", \.to)]
}

extension IOPortRange: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

/// A passed-through interrupt, `(irq (irq N))`.
public struct IRQDevice: Hashable, Sendable {
    /// The interrupt number.
    public var irq: Int?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(irq: Int? = nil, extra: ExtraFields = []) {
        self.irq = irq
        self.extra = extra
    }
}

extension IRQDevice: FieldTable {
    static let tag = "irq"
    static var blank: IRQDevice { IRQDevice() }
    static let fields: [Field<IRQDevice>] = [.optional("irq", \.irq)]
}

extension IRQDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

/// A passed-through USB device, `(usb (path 1-1))`.
public struct USBDevice: Hashable, Sendable {
    /// The host's USB path or `vendor:product`.
    public var path: String?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(path: String? = nil, extra: ExtraFields = []) {
        self.path = path
        self.extra = extra
    }
}

extension USBDevice: FieldTable {
    static let tag = "usb"
    static var blank: USBDevice { USBDevice() }
    static let fields: [Field<USBDevice>] = [.optional("path", \.path)]
}

extension USBDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
