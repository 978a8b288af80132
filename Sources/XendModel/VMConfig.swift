public import FoundationEssentials
import SExpression

/// A domain configuration as clients send it with op=create and op=new: `(vm (name x) (memory 256) ...)`.
///
/// Every key is optional except `name`; absent keys stay absent when printed back, so a config
/// round-trips. Keys the model does not know are kept in `extra`, in order.
public struct VMConfig: Hashable, Sendable {
    /// The domain's name (required).
    public var name: DomainName
    /// The UUID; xend generates one when absent.
    public var uuid: UUID?
    /// The initial memory target.
    public var memory: Memory?
    /// The maximum memory; defaults to `memory`.
    public var maxmem: Memory?
    /// The VCPU count (an image's `vcpus` overrides it).
    public var vcpus: Int?
    /// Which CPUs the VCPUs may run on.
    public var cpus: CPUAffinity?
    /// The credit scheduler weight (1...65535, 256 default).
    public var cpuWeight: Int?
    /// The credit scheduler cap in % of one CPU (0 = none).
    public var cpuCap: Int?
    /// What to do when the guest powers off.
    public var onPoweroff: LifecycleAction?
    /// What to do when the guest reboots.
    public var onReboot: LifecycleAction?
    /// What to do when the guest crashes.
    public var onCrash: LifecycleAction?
    /// The bootloader in dom0, e.g. `/usr/bin/pygrub`.
    public var bootloader: String?
    /// The bootloader's arguments.
    public var bootloaderArgs: String?
    /// A free-text description.
    public var description: String?
    /// What the daemon does with this managed domain when it starts (`start` = autostart).
    public var onXendStart: XendStartAction?
    /// What the daemon does with this managed domain when it stops.
    public var onXendStop: XendStopAction?
    /// Whether the guest's clock runs in local time.
    public var localtime: Bool?
    /// Shadow page-table memory.
    public var shadowMemory: Memory?
    /// Xen features requested for a PV guest, e.g. `auto_translated_physmap`.
    public var features: String?
    /// The CPU pool, e.g. `Pool-0`.
    public var poolName: String?
    /// How the domain boots.
    public var image: DomainImage?
    /// The devices, in order.
    public var devices: [DeviceConfig]
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    /// A config with a name and whatever else is given.
    public init(
        name: DomainName, uuid: UUID? = nil, memory: Memory? = nil, maxmem: Memory? = nil, vcpus: Int? = nil,
        image: DomainImage? = nil, devices: [DeviceConfig] = [], extra: ExtraFields = []
    ) {
        self.name = name
        self.uuid = uuid
        self.memory = memory
        self.maxmem = maxmem
        self.vcpus = vcpus
        self.image = image
        self.devices = devices
        self.extra = extra
    }

    /// The VCPU count that applies: the image's, else the top-level one, else 1.
    public var effectiveVCPUs: Int { image?.vcpus ?? vcpus ?? 1 }

    /// The maximum memory that applies: `maxmem`, else `memory`.
    public var effectiveMaxmem: Memory? { maxmem ?? memory }
}

extension VMConfig: FieldTable {
    static let tag = "vm"
    static var blank: VMConfig { VMConfig(name: DomainName(unchecked: "_")) }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<VMConfig>] = {
        [
            .required("name", \.name, missing: .missingName),
            .optional("uuid", \.uuid),
            .optional("memory", \.memory, json: "memory_mib"),
            .optional("maxmem", \.maxmem, json: "maxmem_mib"),
            .optional("vcpus", \.vcpus),
            .optional("cpus", \.cpus),
            .optional("cpu_weight", \.cpuWeight),
            .optional("cpu_cap", \.cpuCap),
            .optional("on_poweroff", \.onPoweroff),
            .optional("on_reboot", \.onReboot),
            .optional("on_crash", \.onCrash),
            .optional("bootloader", \.bootloader),
            .optional("bootloader_args", \.bootloaderArgs),
            .optional("description", \.description),
            .optional("on_xend_start", \.onXendStart),
            .optional("on_xend_stop", \.onXendStop),
            .optional("localtime", \.localtime),
            .optional("shadow_memory", \.shadowMemory, json: "shadow_memory_mib"),
            .optional("features", \.features),
            .optional("pool_name", \.poolName),
            .image(\.image),
            .devices(\.devices),
        ]
    }()
}

extension Field {
    /// `(image (linux ...))`; JSON member `image`.
    static func image(_ path: FieldPath<Root, DomainImage?>) -> Field {
        .custom(
            "image",
            read: { (root: inout Root, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                guard let child = children.first else { return }
                root[keyPath: path] = try DomainImage(valueOf(child))
            },
            write: { root in root[keyPath: path].map { [.pair("image", $0.toSExpression())] } ?? [] },
            encode: { root, container in try container.encodeIfPresent(root[keyPath: path], forKey: FieldKey("image"))
            },
            decode: { root, container in
                root[keyPath: path] = try container.decodeIfPresent(DomainImage.self, forKey: FieldKey("image"))
            }
        )
    }

    /// Every `(device (<class> ...))`, in order; JSON member `devices` (an array).
    static func devices(_ path: FieldPath<Root, [DeviceConfig]>) -> Field {
        .custom(
            "device", repeated: true,
            read: { (root: inout Root, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                root[keyPath: path] = try DeviceConfig.devices(in: children)
            },
            write: { root in root[keyPath: path].map { .pair("device", $0.toSExpression()) } },
            encode: { root, container in
                if !root[keyPath: path].isEmpty {
                    try container.encode(root[keyPath: path], forKey: FieldKey("devices"))
                }
            },
            decode: { root, container in
                root[keyPath: path] =
                    try container.decodeIfPresent([DeviceConfig].self, forKey: FieldKey("devices")) ?? []
            }
        )
    }
}

extension VMConfig {
    /// Reads a config. The head is not checked (xend never did): `(vm ...)` from xm and libvirt, and a whole
    /// `(domain ...)` record, which libvirt re-submits with op=new, both work; record-only keys go to `extra`.
    /// - Throws: `Configuration error list index out of range` for `()`, `Missing VM Name`, `Invalid VM Name`,
    ///   `Invalid Configuration: Invalid restart event: ...`, `Invalid Configuration: Invalid device (...)`,
    ///   `invalid literal for int() ...` and the model's malformed-field errors.
    public init(_ expression: SExpression) throws(XendError) {
        guard let elements = expression.listValue else {
            throw .configurationError("config is not a list: \(Python.repr(expression.atomValue ?? ""))")
        }
        guard !elements.isEmpty else { throw .emptyConfiguration }
        try self.init(fields: elements.dropFirst())
    }

    /// Reads the `config` parameter of op=create/op=new: the first S-expression of `text` (trailing text is
    /// ignored, as xend ignored it).
    /// - Throws: `Invalid configuration <parser message>` (e.g. `Invalid configuration unexpected EOF`),
    ///   `Configuration error list index out of range` for an empty text, and the errors of `init(_:)`.
    public init(parsing text: String) throws(XendError) {
        try self.init(try Self.expression(parsing: text))
    }

    /// The first S-expression of a configuration text, with xend's texts for text that holds none
    /// (`Configuration error list index out of range`) or is not an S-expression (`Invalid configuration …`).
    public static func expression(parsing text: String) throws(XendError) -> SExpression {
        do {
            return try SExpression.parse(text)
        } catch {
            if case .empty = error.kind { throw .emptyConfiguration }
            throw .invalidConfiguration(error.originalMessage)
        }
    }

    /// `(vm ...)`.
    public func toSExpression() -> SExpression { taggedExpression }
}

/// JSON: one object with the S-expression's keys (memory in MiB under `memory_mib`, `maxmem_mib`,
/// `shadow_memory_mib`; devices as an array under `devices`; unknown keys under `extra`).
extension VMConfig: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
