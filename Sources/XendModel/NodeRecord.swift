import SExpression

/// The host as `GET /xend/node/` reports it (docs/protocol.md#node-record), fields in the last xend's order.
///
/// `sockets_per_node` (≤3.1) and `node_to_cpu` (3.2–4.0) are not in the last xend's record but are emitted
/// when set, which helps older libvirt (docs/protocol.md#node-record): `sockets_per_node` right after `nr_nodes` and
/// `node_to_cpu` right after `free_memory`, where the versions that had them printed them. Keys a version
/// lacks are optional here, so 3.0-era records (vector #3) read and print back unchanged.
public struct NodeRecord: Hashable, Sendable {
    /// `uname -s`, e.g. `Linux`.
    public var system: String
    /// The host name.
    public var host: String
    /// `uname -r` of dom0.
    public var release: String
    /// `uname -v` of dom0.
    public var version: String
    /// `uname -m`, e.g. `x86_64`.
    public var machine: String
    /// Physical CPUs.
    public var nrCPUs: Int
    /// NUMA nodes.
    public var nrNodes: Int
    /// Sockets per node (xend ≤3.1; libvirt derives it when absent).
    public var socketsPerNode: Int?
    /// Cores per socket.
    public var coresPerSocket: Int
    /// Threads per core.
    public var threadsPerCore: Int
    /// CPU clock in MHz.
    public var cpuMHz: Int
    /// CPU feature words, colon-joined 8-digit hex.
    public var hwCaps: String
    /// Virtualisation capabilities, e.g. `hvm` or `hvm hvm_directio` (3.3+).
    public var virtCaps: String?
    /// Total host memory.
    public var totalMemory: Memory
    /// Free host memory.
    public var freeMemory: Memory
    /// NUMA layout text, `node0:0-3` (see `NodeRecord.nodeToCPUText`).
    public var nodeToCPU: String?
    /// CPUs in no pool (4.1+).
    public var freeCPUs: Int?
    /// Xen's major version.
    public var xenMajor: Int
    /// Xen's minor version.
    public var xenMinor: Int
    /// Xen's extra version, e.g. `.6`.
    public var xenExtra: String
    /// Space-separated guest ABIs, e.g. `xen-3.0-x86_64 hvm-3.0-x86_32`.
    public var xenCaps: String
    /// The scheduler: `credit`, `credit2`, `sedf` (3.1+).
    public var xenScheduler: String?
    /// The page size in bytes (3.0.3+).
    public var xenPagesize: Int?
    /// Platform parameters, e.g. `virt_start=0xffff800000000000`.
    public var platformParams: String
    /// The changeset Xen was built from, or `unavailable`.
    public var xenChangeset: String
    /// Xen's command line (4.0+).
    public var xenCommandline: String?
    /// The compiler Xen was built with.
    public var ccCompiler: String
    /// Who built Xen.
    public var ccCompileBy: String
    /// The builder's domain.
    public var ccCompileDomain: String
    /// When Xen was built.
    public var ccCompileDate: String
    /// xend's format number: 4 for 3.1 and later (what this daemon reports); absent means 1.
    public var xendConfigFormat: Int?
    /// Keys the model does not know (`cpu_topology`, `numa_info`, `node_to_memory`...), in order.
    public var extra: ExtraFields

    /// A node record; optional keys default to absent.
    public init(
        system: String, host: String, release: String, version: String, machine: String, nrCPUs: Int,
        nrNodes: Int, socketsPerNode: Int? = nil, coresPerSocket: Int, threadsPerCore: Int, cpuMHz: Int,
        hwCaps: String, virtCaps: String? = nil, totalMemory: Memory, freeMemory: Memory, nodeToCPU: String? = nil,
        freeCPUs: Int? = nil, xenMajor: Int, xenMinor: Int, xenExtra: String, xenCaps: String,
        xenScheduler: String? = nil, xenPagesize: Int? = nil, platformParams: String, xenChangeset: String,
        xenCommandline: String? = nil, ccCompiler: String, ccCompileBy: String, ccCompileDomain: String,
        ccCompileDate: String, xendConfigFormat: Int? = 4, extra: ExtraFields = []
    ) {
        self.system = system
        self.host = host
        self.release = release
        self.version = version
        self.machine = machine
        self.nrCPUs = nrCPUs
        self.nrNodes = nrNodes
        self.socketsPerNode = socketsPerNode
        self.coresPerSocket = coresPerSocket
        self.threadsPerCore = threadsPerCore
        self.cpuMHz = cpuMHz
        self.hwCaps = hwCaps
        self.virtCaps = virtCaps
        self.totalMemory = totalMemory
        self.freeMemory = freeMemory
        self.nodeToCPU = nodeToCPU
        self.freeCPUs = freeCPUs
        self.xenMajor = xenMajor
        self.xenMinor = xenMinor
        self.xenExtra = xenExtra
        self.xenCaps = xenCaps
        self.xenScheduler = xenScheduler
        self.xenPagesize = xenPagesize
        self.platformParams = platformParams
        self.xenChangeset = xenChangeset
        self.xenCommandline = xenCommandline
        self.ccCompiler = ccCompiler
        self.ccCompileBy = ccCompileBy
        self.ccCompileDomain = ccCompileDomain
        self.ccCompileDate = ccCompileDate
        self.xendConfigFormat = xendConfigFormat
        self.extra = extra
    }
}

extension NodeRecord: FieldTable {
    static let tag = "node"
    static var blank: NodeRecord {
        NodeRecord(
            system: "", host: "", release: "", version: "", machine: "", nrCPUs: 0, nrNodes: 0, coresPerSocket: 0,
            threadsPerCore: 0, cpuMHz: 0, hwCaps: "", totalMemory: .zero, freeMemory: .zero, xenMajor: 0,
            xenMinor: 0, xenExtra: "", xenCaps: "", platformParams: "", xenChangeset: "", ccCompiler: "",
            ccCompileBy: "", ccCompileDomain: "", ccCompileDate: "", xendConfigFormat: nil)
    }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<NodeRecord>] = {
        func required<V: FieldValue>(_ key: String, _ path: FieldPath<NodeRecord, V>, json: String? = nil)
            -> Field<NodeRecord>
        {
            .required(key, path, json: json, missing: .missingField(key, in: tag))
        }
        return [
            required("system", \.system),
            required("host", \.host),
            required("release", \.release),
            required("version", \.version),
            required("machine", \.machine),
            required("nr_cpus", \.nrCPUs),
            required("nr_nodes", \.nrNodes),
            .optional("sockets_per_node", \.socketsPerNode),
            required("cores_per_socket", \.coresPerSocket),
            required("threads_per_core", \.threadsPerCore),
            required("cpu_mhz", \.cpuMHz),
            required("hw_caps", \.hwCaps),
            .optional("virt_caps", \.virtCaps),
            required("total_memory", \.totalMemory, json: "total_memory_mib"),
            required("free_memory", \.freeMemory, json: "free_memory_mib"),
            .optional("node_to_cpu", \.nodeToCPU),
            .optional("free_cpus", \.freeCPUs),
            required("xen_major", \.xenMajor),
            required("xen_minor", \.xenMinor),
            required("xen_extra", \.xenExtra),
            required("xen_caps", \.xenCaps),
            .optional("xen_scheduler", \.xenScheduler),
            .optional("xen_pagesize", \.xenPagesize),
            required("platform_params", \.platformParams),
            required("xen_changeset", \.xenChangeset),
            .optional("xen_commandline", \.xenCommandline),
            required("cc_compiler", \.ccCompiler),
            required("cc_compile_by", \.ccCompileBy),
            required("cc_compile_domain", \.ccCompileDomain),
            required("cc_compile_date", \.ccCompileDate),
            .optional("xend_config_format", \.xendConfigFormat),
        ]
    }()
}

extension NodeRecord {
    /// Reads `(node ...)`.
    /// - Throws: `XendError` naming a missing or malformed field.
    public init(_ expression: SExpression) throws(XendError) {
        try self.init(tagged: expression)
    }

    /// `(node ...)`.
    public func toSExpression() -> SExpression { taggedExpression }

    /// xend's `node_to_cpu` text for the CPUs of each node: `node0:0-3`, later nodes on new lines indented
    /// by 25 spaces, `no cpus` for an empty node, `none` when there are no nodes.
    public static func nodeToCPUText(_ cpusByNode: [[Int]]) -> String {
        guard !cpusByNode.isEmpty else { return "none" }
        let lines = cpusByNode.enumerated().map { node, cpus in
            "node\(node):" + (cpus.isEmpty ? "no cpus" : rangeText(cpus))
        }
        return lines.joined(separator: "\n" + String(repeating: " ", count: 25))
    }

    /// The CPUs of each node read back from `node_to_cpu` text (`none` gives no nodes).
    /// - Throws: `XendError.malformedField` for text in another shape.
    public static func cpusByNode(fromNodeToCPU text: String) throws(XendError) -> [[Int]] {
        let flattened = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        guard flattened != "none" else { return [] }
        var nodes: [[Int]] = []
        for entry in flattened.replacing(":no cpus", with: ":").split(separator: " ") {
            guard entry.hasPrefix("node"), let colon = entry.firstIndex(of: ":"),
                Int(entry[entry.index(entry.startIndex, offsetBy: 4)..<colon]) == nodes.count
            else { throw .malformedField("node_to_cpu", in: tag, "unexpected \(Python.repr(String(entry)))") }
            let list = entry[entry.index(after: colon)...]
            nodes.append(list.isEmpty ? [] : try CPUAffinity.parseCPUList(String(list)))
        }
        return nodes
    }

    /// `0-3,5,7-8` for a sorted CPU list.
    static func rangeText(_ cpus: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = cpus.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

/// JSON: one object with the S-expression's keys; memory in MiB under `total_memory_mib`, `free_memory_mib`.
extension NodeRecord: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
