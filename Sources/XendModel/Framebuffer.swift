public import FoundationEssentials
import SExpression

/// A PV framebuffer, `(vfb (type vnc) (vncunused 1) ...)`, which also carries HVM VNC from Xen 3.1 on.
public struct Framebuffer: Hashable, Sendable {
    /// `vnc` or `sdl`.
    public var type: String?
    /// Whether VNC is on (the pre-`type` spelling).
    public var vnc: Bool?
    /// Whether SDL is on (the pre-`type` spelling).
    public var sdl: Bool?
    /// The VNC listen address.
    public var vnclisten: String?
    /// The VNC display number.
    public var vncdisplay: Int?
    /// Whether to pick the first unused VNC display.
    public var vncunused: Bool?
    /// The VNC password.
    public var vncpasswd: String?
    /// The keyboard layout, e.g. `en-us`.
    public var keymap: String?
    /// The X display for SDL, e.g. `:0`.
    public var display: String?
    /// The X authority file for SDL.
    public var xauthority: String?
    /// The device's UUID.
    public var uuid: UUID?
    /// The back-end domain.
    public var backend: DomainID?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(
        type: String? = nil, vnc: Bool? = nil, sdl: Bool? = nil, vnclisten: String? = nil, vncdisplay: Int? = nil,
        vncunused: Bool? = nil, vncpasswd: String? = nil, keymap: String? = nil, display: String? = nil,
        xauthority: String? = nil, uuid: UUID? = nil, backend: DomainID? = nil, extra: ExtraFields = []
    ) {
        self.type = type
        self.vnc = vnc
        self.sdl = sdl
        self.vnclisten = vnclisten
        self.vncdisplay = vncdisplay
        self.vncunused = vncunused
        self.vncpasswd = vncpasswd
        self.keymap = keymap
        self.display = display
        self.xauthority = xauthority
        self.uuid = uuid
        self.backend = backend
        self.extra = extra
    }
}

extension Framebuffer: FieldTable {
    static let tag = "vfb"
    static var blank: Framebuffer { Framebuffer() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<Framebuffer>] = {
        [
            .optional("type", \.type),
            .optional("vnc", \.vnc),
            .optional("sdl", \.sdl),
            .optional("vnclisten", \.vnclisten),
            .optional("vncdisplay", \.vncdisplay),
            .optional("vncunused", \.vncunused),
            .optional("vncpasswd", \.vncpasswd),
            .optional("keymap", \.keymap),
            .optional("display", \.display),
            .optional("xauthority", \.xauthority),
            .optional("uuid", \.uuid),
            .optional("backend", \.backend),
        ]
    }()
}

extension Framebuffer: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

/// A PV keyboard and mouse, `(vkbd)`, which goes with a `vfb`.
public struct KeyboardDevice: Hashable, Sendable {
    /// The device's UUID.
    public var uuid: UUID?
    /// The back-end domain.
    public var backend: DomainID?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(uuid: UUID? = nil, backend: DomainID? = nil, extra: ExtraFields = []) {
        self.uuid = uuid
        self.backend = backend
        self.extra = extra
    }
}

extension KeyboardDevice: FieldTable {
    static let tag = "vkbd"
    static var blank: KeyboardDevice { KeyboardDevice() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<KeyboardDevice>] = {
        [.optional("uuid", \.uuid), .optional("backend", \.backend)]
    }()
}

extension KeyboardDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
