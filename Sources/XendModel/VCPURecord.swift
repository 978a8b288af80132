import SExpression

/// One VCPU in the op=vcpuinfo reply: `(vcpu (number 0) (online 1) (blocked 1) (running 0) (cpu_time 12.3)
/// (cpu 1) (cpumap (0 1 2 3)))`.
public struct VCPURecord: Hashable, Sendable {
    /// The VCPU's index.
    public var number: Int
    /// Whether it is online.
    public var isOnline: Bool
    /// Whether it is waiting for an event.
    public var isBlocked: Bool
    /// Whether it is on a physical CPU now.
    public var isRunning: Bool
    /// CPU time it has used.
    public var cpuTime: Seconds
    /// The physical CPU it is on or last ran on (-1 for an inactive domain).
    public var cpu: Int
    /// The physical CPUs it may run on.
    public var cpumap: [Int]
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(
        number: Int, isOnline: Bool, isBlocked: Bool, isRunning: Bool, cpuTime: Seconds, cpu: Int, cpumap: [Int],
        extra: ExtraFields = []
    ) {
        self.number = number
        self.isOnline = isOnline
        self.isBlocked = isBlocked
        self.isRunning = isRunning
        self.cpuTime = cpuTime
        self.cpu = cpu
        self.cpumap = cpumap
        self.extra = extra
    }
}

extension VCPURecord: FieldTable {
    static let tag = "vcpu"
    static var blank: VCPURecord {
        VCPURecord(number: 0, isOnline: false, isBlocked: false, isRunning: false, cpuTime: .zero, cpu: -1, cpumap: [])
    }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<VCPURecord>] = {
        [
            .required("number", \.number, missing: .missingField("number", in: tag)),
            .required("online", \.isOnline),
            .required("blocked", \.isBlocked),
            .required("running", \.isRunning),
            .required("cpu_time", \.cpuTime),
            .required("cpu", \.cpu),
            .custom(
                "cpumap",
                read: { (root: inout VCPURecord, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                    guard let child = children.first else { return }
                    let value = Field<VCPURecord>.valueOf(child)
                    guard let cpus = value.listValue else {
                        throw .malformedField("cpumap", in: tag, "expected a list of CPU numbers")
                    }
                    root.cpumap = try cpus.map { cpu throws(XendError) in try Int(field: cpu, key: "cpumap", tag: tag) }
                },
                write: { root in [.pair("cpumap", .list(root.cpumap.map { .integer($0) }))] },
                encode: { root, container in try container.encode(root.cpumap, forKey: FieldKey("cpumap")) },
                decode: { root, container in
                    root.cpumap = try container.decodeIfPresent([Int].self, forKey: FieldKey("cpumap")) ?? []
                }
            ),
        ]
    }()
}

extension VCPURecord: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}

/// The op=vcpuinfo reply: `(domain (domid 3) (name vm1) (vcpu_count 1) (vcpu ...) ...)` (vector #14).
public struct VCPUInfoReply: Hashable, Sendable {
    /// The domain id; `nil` for an inactive domain.
    public var domainID: DomainID?
    /// The domain's name.
    public var name: DomainName
    /// The VCPU count (the maximum, in the last xend).
    public var vcpuCount: Int
    /// One entry per VCPU.
    public var vcpus: [VCPURecord]
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(domainID: DomainID?, name: DomainName, vcpuCount: Int, vcpus: [VCPURecord], extra: ExtraFields = []) {
        self.domainID = domainID
        self.name = name
        self.vcpuCount = vcpuCount
        self.vcpus = vcpus
        self.extra = extra
    }
}

extension VCPUInfoReply: FieldTable {
    static let tag = "domain"
    static var blank: VCPUInfoReply {
        VCPUInfoReply(domainID: nil, name: DomainName(unchecked: "_"), vcpuCount: 0, vcpus: [])
    }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<VCPUInfoReply>] = {
        [
            .optional("domid", \.domainID),
            .required("name", \.name, missing: .missingField("name", in: tag)),
            .required("vcpu_count", \.vcpuCount),
            .custom(
                "vcpu", repeated: true,
                read: { (root: inout VCPUInfoReply, children: ArraySlice<SExpression>, _: String) throws(XendError) in
                    root.vcpus = try children.map { child throws(XendError) in try VCPURecord(fields: child.tail) }
                },
                write: { root in root.vcpus.map(\.taggedExpression) },
                encode: { root, container in try container.encode(root.vcpus, forKey: FieldKey("vcpus")) },
                decode: { root, container in
                    root.vcpus = try container.decodeIfPresent([VCPURecord].self, forKey: FieldKey("vcpus")) ?? []
                }
            ),
        ]
    }()
}

extension VCPUInfoReply {
    /// Reads the reply.
    public init(_ expression: SExpression) throws(XendError) { try self.init(tagged: expression) }

    /// `(domain (domid N) (name X) (vcpu_count K) (vcpu ...) ...)`.
    public func toSExpression() -> SExpression { taggedExpression }
}

/// JSON: `{"domid": 3, "name": "vm1", "vcpu_count": 1, "vcpus": [{"number": 0, "online": true, ...}]}`.
extension VCPUInfoReply: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
