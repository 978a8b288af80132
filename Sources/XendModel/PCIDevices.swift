public import FoundationEssentials
import SExpression

/// Passed-through PCI functions: one `(pci (dev ...) (dev ...) ...)` device holds several.
public struct PCIDevices: Hashable, Sendable {
    /// The functions, in order.
    public var functions: [PCIAddress]
    /// The device's UUID.
    public var uuid: UUID?
    /// The back-end domain.
    public var backend: DomainID?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(functions: [PCIAddress] = [], uuid: UUID? = nil, backend: DomainID? = nil, extra: ExtraFields = []) {
        self.functions = functions
        self.uuid = uuid
        self.backend = backend
        self.extra = extra
    }
}

/// One PCI function, `(dev (domain 0x0000) (bus 0x00) (slot 0x1b) (func 0x0))`.
public struct PCIAddress: Hashable, Sendable {
    /// The PCI segment, printed with four hex digits.
    public var domain: Int?
    /// The bus, printed with two hex digits.
    public var bus: Int?
    /// The slot (device), printed with two hex digits.
    public var slot: Int?
    /// The function, printed with one hex digit.
    public var function: Int?
    /// The guest slot, printed with two hex digits.
    public var vslot: Int?
    /// Hot-plug state for op=device_configure: `Initialising` (attach) or `Closing` (detach).
    public var state: String?
    /// Keys the model does not know (`opts`, `uuid`, `key`...), in order.
    public var extra: ExtraFields

    public init(
        domain: Int? = 0, bus: Int?, slot: Int?, function: Int?, vslot: Int? = nil, state: String? = nil,
        extra: ExtraFields = []
    ) {
        self.domain = domain
        self.bus = bus
        self.slot = slot
        self.function = function
        self.vslot = vslot
        self.state = state
        self.extra = extra
    }
}

extension PCIAddress: FieldTable {
    static let tag = "dev"
    static var blank: PCIAddress { PCIAddress(domain: nil, bus: nil, slot: nil, function: nil) }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<PCIAddress>] = {
        [
            .hex("domain", \.domain, digits: 4),
            .hex("bus", \.bus, digits: 2),
            .hex("slot", \.slot, digits: 2),
            .hex("func", \.function, digits: 1),
            .hex("vslot", \.vslot, digits: 2),
            .optional("state", \.state),
        ]
    }()
}

extension PCIAddress: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

extension PCIDevices: FieldTable {
    static let tag = "pci"
    static var blank: PCIDevices { PCIDevices() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<PCIDevices>] = {
        [
            .custom(
                "dev", repeated: true,
                read: { (root: inout PCIDevices, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                    root.functions = try children.map { child throws(XendError) in try PCIAddress(fields: child.tail) }
                },
                write: { root in root.functions.map(\.taggedExpression) },
                encode: { root, container in try container.encode(root.functions, forKey: FieldKey("dev")) },
                decode: { root, container in
                    root.functions = try container.decodeIfPresent([PCIAddress].self, forKey: FieldKey("dev")) ?? []
                }
            ),
            .optional("uuid", \.uuid),
            .optional("backend", \.backend),
        ]
    }()
}

extension PCIDevices: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
