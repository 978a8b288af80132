public import FoundationEssentials
import SExpression

/// A virtual network interface: the body of `(vif ...)`.
///
/// The live record prints `bridge mac script uuid backend` in that order (vector #8); the other
/// config keys follow.
public struct NetworkInterface: Hashable, Sendable {
    /// The bridge in the back-end domain, e.g. `xenbr0`.
    public var bridge: String?
    /// The MAC address, e.g. `00:16:3e:12:34:56`.
    public var mac: String?
    /// The hotplug script, e.g. `vif-bridge` or `/etc/xen/scripts/vif-bridge`.
    public var script: String?
    /// The device's UUID.
    public var uuid: UUID?
    /// The back-end domain.
    public var backend: DomainID?
    /// The guest's IP address(es), for anti-spoofing rules.
    public var ip: String?
    /// The back-end interface name, e.g. `vif3.0`.
    public var vifname: String?
    /// `ioemu` or `netfront`: which side emulates the NIC of an HVM guest.
    public var type: String?
    /// The emulated NIC model, e.g. `e1000`, `rtl8139`.
    public var model: String?
    /// A rate limit, e.g. `10Mb/s`.
    public var rate: String?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(
        mac: String? = nil, bridge: String? = nil, script: String? = nil, uuid: UUID? = nil,
        backend: DomainID? = nil, ip: String? = nil, vifname: String? = nil, type: String? = nil,
        model: String? = nil, rate: String? = nil, extra: ExtraFields = []
    ) {
        self.bridge = bridge
        self.mac = mac
        self.script = script
        self.uuid = uuid
        self.backend = backend
        self.ip = ip
        self.vifname = vifname
        self.type = type
        self.model = model
        self.rate = rate
        self.extra = extra
    }
}

extension NetworkInterface: FieldTable {
    static let tag = "vif"
    static var blank: NetworkInterface { NetworkInterface() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<NetworkInterface>] = {
        [
            .optional("bridge", \.bridge),
            .optional("mac", \.mac),
            .optional("script", \.script),
            .optional("uuid", \.uuid),
            .optional("backend", \.backend),
            .optional("ip", \.ip),
            .optional("vifname", \.vifname),
            .optional("type", \.type),
            .optional("model", \.model),
            .optional("rate", \.rate),
        ]
    }()
}

extension NetworkInterface: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
