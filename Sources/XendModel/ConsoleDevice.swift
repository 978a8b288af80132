public import FoundationEssentials
import SExpression

/// A PV console as the live record shows it: `(console (protocol vt100) (location 2) (uuid ...))`.
public struct ConsoleDevice: Hashable, Sendable {
    /// The console protocol, `vt100`.
    public var `protocol`: String?
    /// Where the console is: the event-channel port or a path.
    public var location: String?
    /// The device's UUID.
    public var uuid: UUID?
    /// Keys the model does not know (3.0.4's `vnc-port`...), in order.
    public var extra: ExtraFields

    public init(protocol: String? = nil, location: String? = nil, uuid: UUID? = nil, extra: ExtraFields = []) {
        self.protocol = `protocol`
        self.location = location
        self.uuid = uuid
        self.extra = extra
    }
}

extension ConsoleDevice: FieldTable {
    static let tag = "console"
    static var blank: ConsoleDevice { ConsoleDevice() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<ConsoleDevice>] = {
        [.optional("protocol", \.protocol), .optional("location", \.location), .optional("uuid", \.uuid)]
    }()
}

extension ConsoleDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

/// A virtual TPM, `(vtpm (instance N) (backend N))`.
public struct VTPMDevice: Hashable, Sendable {
    /// The TPM instance number.
    public var instance: Int?
    /// The device's UUID.
    public var uuid: UUID?
    /// The back-end domain.
    public var backend: DomainID?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(instance: Int? = nil, uuid: UUID? = nil, backend: DomainID? = nil, extra: ExtraFields = []) {
        self.instance = instance
        self.uuid = uuid
        self.backend = backend
        self.extra = extra
    }
}

extension VTPMDevice: FieldTable {
    static let tag = "vtpm"
    static var blank: VTPMDevice { VTPMDevice() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<VTPMDevice>] = {
        [.optional("instance", \.instance), .optional("uuid", \.uuid), .optional("backend", \.backend)]
    }()
}

extension VTPMDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
