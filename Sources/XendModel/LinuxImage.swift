import SExpression

/// A paravirtualised guest's boot image, `(linux (kernel ...) (ramdisk ...) (root ...) (args ...))`.
public struct LinuxImage: Hashable, Sendable {
    /// The kernel path in dom0.
    public var kernel: String?
    /// The initial ramdisk path in dom0.
    public var ramdisk: String?
    /// The root device; xend folds it into the command line as `root=...`.
    public var root: String?
    /// The IP configuration; xend folds it into the command line as `ip=...`.
    public var ip: String?
    /// The kernel command line.
    public var args: String?
    /// The VCPU count (3.0.0's place for it; it overrides the top-level `vcpus`).
    public var vcpus: Int?
    /// Whether to back the guest with superpages.
    public var superpages: Bool?
    /// Whether the guest may not be migrated (platform key).
    public var nomigrate: Int?
    /// The TSC mode (platform key): 0 default, 1 always emulate, 2 never, 3 PV RDTSCP.
    public var tscMode: Int?
    /// Whether the e820 map is the host's (platform key).
    public var e820Host: Bool?
    /// Keys the model does not know (`notes` of a live guest...), in order.
    public var extra: ExtraFields

    public init(
        kernel: String? = nil, ramdisk: String? = nil, root: String? = nil, ip: String? = nil, args: String? = nil,
        vcpus: Int? = nil, superpages: Bool? = nil, nomigrate: Int? = nil, tscMode: Int? = nil,
        e820Host: Bool? = nil, extra: ExtraFields = []
    ) {
        self.kernel = kernel
        self.ramdisk = ramdisk
        self.root = root
        self.ip = ip
        self.args = args
        self.vcpus = vcpus
        self.superpages = superpages
        self.nomigrate = nomigrate
        self.tscMode = tscMode
        self.e820Host = e820Host
        self.extra = extra
    }

    /// The command line the guest gets: `root=R ip=I ` prefixed to `args` unless `args` already sets them,
    /// as XendConfig does (`root` first).
    public var commandLine: String {
        var line = args ?? ""
        if let ip, !line.contains("ip=") { line = "ip=\(ip) " + line }
        if let root, !line.contains("root=") { line = "root=\(root) " + line }
        return line
    }

    /// The image as the live record shows it: `root` and `ip` folded into `args`, `vcpus` dropped
    /// (the record has its own), and nothing else changed.
    public var recordView: LinuxImage {
        var image = self
        if root != nil || ip != nil || args != nil { image.args = commandLine }
        image.root = nil
        image.ip = nil
        image.vcpus = nil
        return image
    }
}

extension LinuxImage: FieldTable {
    static let tag = "linux"
    static var blank: LinuxImage { LinuxImage() }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<LinuxImage>] = {
        [
            .optional("kernel", \.kernel),
            .optional("ramdisk", \.ramdisk),
            .optional("root", \.root),
            .optional("ip", \.ip),
            .optional("args", \.args),
            .optional("vcpus", \.vcpus),
            .optional("superpages", \.superpages),
            .optional("nomigrate", \.nomigrate),
            .optional("tsc_mode", \.tscMode),
            .optional("e820_host", \.e820Host),
        ]
    }()
}

extension LinuxImage: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
