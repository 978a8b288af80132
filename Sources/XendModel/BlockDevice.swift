public import FoundationEssentials
import SExpression

/// A virtual block device: the body of `(vbd ...)`, `(tap ...)` or `(tap2 ...)`.
///
/// Config form: `(vbd (uname phy:/dev/vg0/lv) (dev xvda) (mode w))`. The live record adds the runtime
/// keys `protocol`, `uuid`, `bootable`, `backend` and `VDI`, in the order the original printed them.
public struct BlockDevice: Hashable, Sendable {
    /// The front-end ABI (`x86_64-abi`), known once the guest connected.
    public var `protocol`: String?
    /// The device's UUID.
    public var uuid: UUID?
    /// Whether the guest boots from it.
    public var isBootable: Bool?
    /// The guest device name, e.g. `xvda`, `hda:disk`, `hdc:cdrom`, `ioemu:hda`.
    public var dev: String?
    /// The back-end resource, e.g. `phy:/dev/vg0/lv`, `file:/img`, `tap:aio:/img`.
    public var uname: String?
    /// `r`, `w` or `w!` (write, even when shared).
    public var mode: String?
    /// The back-end domain.
    public var backend: DomainID?
    /// The Xen-API VDI reference; the live record prints it empty.
    public var vdi: String?
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(
        uname: String? = nil, dev: String? = nil, mode: String? = nil, protocol: String? = nil, uuid: UUID? = nil,
        isBootable: Bool? = nil, backend: DomainID? = nil, vdi: String? = nil, extra: ExtraFields = []
    ) {
        self.protocol = `protocol`
        self.uuid = uuid
        self.isBootable = isBootable
        self.dev = dev
        self.uname = uname
        self.mode = mode
        self.backend = backend
        self.vdi = vdi
        self.extra = extra
    }

    /// The guest device name without the `ioemu:` prefix and the `:disk`/`:cdrom` suffix (`xvda`).
    public var virtualDevice: String? {
        guard let dev else { return nil }
        var name = Substring(dev)
        if name.hasPrefix("ioemu:") { name = name.dropFirst("ioemu:".count) }
        if let colon = name.firstIndex(of: ":") { name = name[..<colon] }
        return String(name)
    }

    /// Whether `dev` names a CD-ROM (`hdc:cdrom`).
    public var isCDROM: Bool { dev?.hasSuffix(":cdrom") ?? false }

    /// Whether the guest may write to it.
    public var isWritable: Bool { mode?.hasPrefix("w") ?? false }

    /// `dev` as the live record prints it: with its type suffix (`xvda:disk`).
    public var recordDev: String? {
        guard let dev else { return nil }
        return dev.hasSuffix(":disk") || dev.hasSuffix(":cdrom") ? dev : dev + ":disk"
    }
}

extension BlockDevice: FieldTable {
    static let tag = "vbd"
    static var blank: BlockDevice { BlockDevice() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<BlockDevice>] = {
        [
            .optional("protocol", \.protocol),
            .optional("uuid", \.uuid),
            .optional("bootable", \.isBootable),
            .optional("dev", \.dev),
            .optional("uname", \.uname),
            .optional("mode", \.mode),
            .optional("backend", \.backend),
            .optional("VDI", \.vdi),
        ]
    }()
}

extension BlockDevice: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
