import SExpression

/// Which physical CPUs a domain's VCPUs may run on: the `cpus` key.
///
/// A config usually gives one list for all VCPUs in xm's syntax (`(cpus '0-3,^1')`); the record gives one
/// list per VCPU, where an empty list means "any CPU" (`(cpus (()))`, `(cpus ((0 1) (2 3)))`).
public enum CPUAffinity: Hashable, Sendable {
    /// One CPU list for every VCPU, in xm's syntax, kept as written.
    case shared(String)
    /// One list of CPU numbers per VCPU; an empty list is "no pinning".
    case perVCPU([[Int]])

    /// The CPUs VCPU `index` may use, or `nil` for "any CPU".
    /// - Throws: `XendError.malformedField` when a shared list does not parse.
    public func cpus(forVCPU index: Int) throws(XendError) -> [Int]? {
        switch self {
        case .shared(let text):
            let cpus = try CPUAffinity.parseCPUList(text)
            return cpus.isEmpty ? nil : cpus
        case .perVCPU(let lists):
            guard index < lists.count, !lists[index].isEmpty else { return nil }
            return lists[index]
        }
    }

    /// The record's per-VCPU lists for `count` VCPUs (missing entries are unpinned).
    public func perVCPULists(count: Int) throws(XendError) -> [[Int]] {
        var lists: [[Int]] = []
        for index in 0..<max(count, 0) { lists.append(try cpus(forVCPU: index) ?? []) }
        return lists
    }

    /// Parses xm's CPU list syntax: comma-separated numbers and ranges, `^n` excludes (`0-3,^1` is 0 2 3).
    public static func parseCPUList(_ text: String) throws(XendError) -> [Int] {
        var included = Set<Int>()
        var excluded = Set<Int>()
        for rawPart in text.split(separator: ",") {
            var part = Substring(Python.trimmed(String(rawPart)))
            let isExclusion = part.hasPrefix("^")
            if isExclusion { part = part.dropFirst() }
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count),
                let low = Python.int(String(bounds[0])), let high = Python.int(String(bounds[bounds.count - 1])),
                low >= 0, low <= high, high < 4096
            else { throw .malformedField("cpus", in: "vm", "invalid CPU list \(Python.repr(text))") }
            for cpu in low...high {
                if isExclusion { excluded.insert(cpu) } else { included.insert(cpu) }
            }
        }
        return included.subtracting(excluded).sorted()
    }

    /// The value of `(cpus ...)`.
    public func toSExpression() -> SExpression {
        switch self {
        case .shared(let text): .atom(text)
        case .perVCPU(let lists): .list(lists.map { .list($0.map { .integer($0) }) })
        }
    }

    /// Reads the value of `(cpus ...)`: an atom is a shared list, a list of lists is per VCPU.
    /// - Throws: `XendError.malformedField` for a list that does not parse.
    public init(_ expression: SExpression) throws(XendError) {
        switch expression {
        case .atom(let text):
            _ = try CPUAffinity.parseCPUList(text)  // refuse a bad list now, with the config
            self = .shared(text)
        case .list(let lists):
            self = .perVCPU(
                try lists.map { list throws(XendError) in
                    guard let cpus = list.listValue else {
                        throw .malformedField("cpus", in: "vm", "expected a list per VCPU")
                    }
                    return try cpus.map { cpu throws(XendError) in try Int(field: cpu, key: "cpus", tag: "vm") }
                })
        }
    }
}

extension CPUAffinity: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) { try self.init(expression) }
    var fieldExpression: SExpression { toSExpression() }
    init?(json: CPUAffinityJSON) {
        switch json {
        case .shared(let text): self = .shared(text)
        case .perVCPU(let lists): self = .perVCPU(lists)
        }
    }
    var json: CPUAffinityJSON {
        switch self {
        case .shared(let text): .shared(text)
        case .perVCPU(let lists): .perVCPU(lists)
        }
    }
}

/// JSON: a string for a shared list, an array of arrays of numbers per VCPU.
enum CPUAffinityJSON: Codable {
    case shared(String)
    case perVCPU([[Int]])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .shared(text)
        } else {
            self = .perVCPU(try container.decode([[Int]].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .shared(let text): try container.encode(text)
        case .perVCPU(let lists): try container.encode(lists)
        }
    }
}

extension CPUAffinity: Codable {
    public init(from decoder: any Decoder) throws {
        switch try CPUAffinityJSON(from: decoder) {
        case .shared(let text): self = .shared(text)
        case .perVCPU(let lists): self = .perVCPU(lists)
        }
    }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
