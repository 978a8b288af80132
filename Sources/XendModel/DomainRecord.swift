public import FoundationEssentials
import SExpression

/// A domain as `GET /xend/domain/<dom>` reports it: the XendConfig-style record of xend 3.0.4 and later
/// (docs/protocol.md#domain-record), fields in the order of the last xend (vector #8).
///
/// Build one from a `VMConfig` and `DomainRuntimeInfo` (`DomainRecord+Building.swift`), or read one
/// from a reply (clients). Keys the model does not know are kept in `extra` and printed last.
public struct DomainRecord: Hashable, Sendable {
    /// The domain id; `nil` for an inactive managed domain (libvirt reads that as id -1).
    public var domainID: DomainID?
    /// The credit scheduler weight.
    public var cpuWeight: Int
    /// The credit scheduler cap in % of one CPU (0 = none).
    public var cpuCap: Int
    /// The CPU pool (4.1+).
    public var poolName: String?
    /// The bootloader (`''` when none).
    public var bootloader: String
    /// The maximum VCPU count.
    public var vcpus: Int
    /// Per-VCPU pinning: one CPU list per VCPU, empty for "any CPU" (`(cpus (()))`).
    public var cpus: [[Int]]
    /// What happens when the guest powers off.
    public var onPoweroff: LifecycleAction
    /// The description (`''` when none).
    public var description: String
    /// What happens when the guest crashes.
    public var onCrash: LifecycleAction
    /// The domain's UUID.
    public var uuid: UUID
    /// The bootloader's arguments (`''` when none).
    public var bootloaderArgs: String
    /// The domain's name.
    public var name: DomainName
    /// What happens when the guest reboots.
    public var onReboot: LifecycleAction
    /// The maximum memory (`memory_static_max`).
    public var maxmem: Memory
    /// The memory target (`memory_dynamic_max`).
    public var memory: Memory
    /// Shadow page-table memory.
    public var shadowMemory: Memory?
    /// Which VCPUs are online: bit n is VCPU n.
    public var vcpuAvail: UInt64?
    /// Requested Xen features (`''` when none).
    public var features: String?
    /// What the daemon does with the domain when it starts (`start` = autostart).
    public var onXendStart: XendStartAction?
    /// What the daemon does with the domain when it stops.
    public var onXendStop: XendStopAction?
    /// Whether the guest's clock runs in local time.
    public var localtime: Bool?
    /// When the domain started, in seconds since the Unix epoch.
    public var startTime: Seconds?
    /// CPU time used by all VCPUs.
    public var cpuTime: Seconds?
    /// How many VCPUs are online.
    public var onlineVCPUs: Int?
    /// How the domain boots, as the record shows it (PV `root`/`ip` folded into `args`).
    public var image: DomainImage?
    /// xend's power state number.
    public var status: DomainStatus?
    /// The hypervisor flags; `nil` for an inactive domain.
    public var state: DomainStateFlags?
    /// The machine frame of the xenstore ring.
    public var storeMFN: UInt64?
    /// The machine frame of the console ring.
    public var consoleMFN: UInt64?
    /// The devices: the live view for a running domain, the stored config for an inactive one.
    public var devices: [DeviceConfig]
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    /// A record with the defaults xend applies; set the rest as needed.
    public init(name: DomainName, uuid: UUID, memory: Memory, maxmem: Memory? = nil, vcpus: Int = 1) {
        self.domainID = nil
        self.cpuWeight = 256
        self.cpuCap = 0
        self.poolName = nil
        self.bootloader = ""
        self.vcpus = vcpus
        self.cpus = Array(repeating: [], count: max(vcpus, 0))
        self.onPoweroff = .destroy
        self.description = ""
        self.onCrash = .restart
        self.uuid = uuid
        self.bootloaderArgs = ""
        self.name = name
        self.onReboot = .restart
        self.maxmem = maxmem ?? memory
        self.memory = memory
        self.devices = []
        self.extra = []
    }

    /// The status that applies: the record's, else derived from `state`, else halted.
    public var effectiveStatus: DomainStatus {
        status ?? state?.status ?? .halted
    }

    /// Whether the domain is running in the hypervisor (it has a domain id).
    public var isActive: Bool { domainID != nil }
}

extension DomainRecord: FieldTable {
    static let tag = "domain"
    static var blank: DomainRecord {
        DomainRecord(name: DomainName(unchecked: "_"), uuid: .zero, memory: .zero)
    }
    // Stored, not computed: the table of closures is read for every record printed or parsed.
    static let fields: [Field<DomainRecord>] = {
        [
            .optional("domid", \.domainID),
            .lenientInteger("cpu_weight", \.cpuWeight),
            .required("cpu_cap", \.cpuCap),
            .optional("pool_name", \.poolName),
            .required("bootloader", \.bootloader),
            .required("vcpus", \.vcpus),
            .perVCPUAffinity(\.cpus, vcpus: \.vcpus),
            .required("on_poweroff", \.onPoweroff),
            .required("description", \.description),
            .required("on_crash", \.onCrash),
            .required("uuid", \.uuid, missing: .missingField("uuid", in: "domain")),
            .required("bootloader_args", \.bootloaderArgs),
            .required("name", \.name, missing: .missingField("name", in: "domain")),
            .required("on_reboot", \.onReboot),
            .required("maxmem", \.maxmem, json: "maxmem_mib"),
            .required("memory", \.memory, json: "memory_mib"),
            .optional("shadow_memory", \.shadowMemory, json: "shadow_memory_mib"),
            .optional("vcpu_avail", \.vcpuAvail),
            .optional("features", \.features),
            .optional("on_xend_start", \.onXendStart),
            .optional("on_xend_stop", \.onXendStop),
            .optional("localtime", \.localtime),
            .optional("start_time", \.startTime),
            .optional("cpu_time", \.cpuTime),
            .optional("online_vcpus", \.onlineVCPUs),
            .image(\.image),
            .optional("status", \.status),
            .optional("state", \.state),
            .optional("store_mfn", \.storeMFN),
            .optional("console_mfn", \.consoleMFN),
            .devices(\.devices),
        ]
    }()
}

extension Field {
    /// The record's `(cpus ((0 1) ()))`; a shared list (`(cpus '0-3')`) is spread over the VCPUs.
    static func perVCPUAffinity(_ path: FieldPath<Root, [[Int]]>, vcpus: KeyPath<Root, Int> & Sendable) -> Field {
        .custom(
            "cpus",
            read: { (root: inout Root, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                guard let child = children.first else { return }
                root[keyPath: path] = try CPUAffinity(valueOf(child)).perVCPULists(count: root[keyPath: vcpus])
            },
            write: { root in [.pair("cpus", CPUAffinity.perVCPU(root[keyPath: path]).toSExpression())] },
            encode: { root, container in try container.encode(root[keyPath: path], forKey: FieldKey("cpus")) },
            decode: { root, container in
                if let lists = try container.decodeIfPresent([[Int]].self, forKey: FieldKey("cpus")) {
                    root[keyPath: path] = lists
                }
            }
        )
    }
}

extension DomainRecord {
    /// Reads `(domain ...)` as `GET /xend/domain/<dom>` returns it (only the first value: the trailing `''`
    /// the original appends is not part of it).
    /// - Throws: `XendError` when `name` or `uuid` is missing or a field is malformed.
    public init(_ expression: SExpression) throws(XendError) {
        try self.init(tagged: expression)
    }

    /// `(domain ...)`.
    public func toSExpression() -> SExpression { taggedExpression }

    /// The keys this record prints itself (a config's `extra` loses these when it becomes a record).
    /// Computed once: building the field table is most of the cost of building a record.
    static let knownKeys: Set<String> = Set(fields.map(\.key))
}

/// JSON: one object with the S-expression's keys (memory in MiB under `memory_mib`, `maxmem_mib`,
/// `shadow_memory_mib`; times in seconds; devices as an array under `devices`; unknown keys under `extra`).
extension DomainRecord: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
