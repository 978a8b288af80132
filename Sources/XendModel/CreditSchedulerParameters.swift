import SExpression

/// A domain's credit scheduler parameters (op=domain_sched_credit_get/_set, the record's
/// `cpu_weight`/`cpu_cap`).
public struct CreditSchedulerParameters: Hashable, Sendable, Codable {
    /// The relative weight, 1...65535 (256 by default).
    public var weight: Int
    /// The cap in % of one physical CPU; 0 means no cap.
    public var cap: Int

    /// The valid weights.
    public static let weightRange = 1...65535

    /// Xen's defaults: weight 256, no cap.
    public static let `default` = CreditSchedulerParameters(uncheckedWeight: 256, cap: 0)

    /// Checked parameters.
    /// - Throws: `XendError` when `weight` is outside 1...65535 or `cap` is negative.
    public init(weight: Int, cap: Int) throws(XendError) {
        guard CreditSchedulerParameters.weightRange.contains(weight) else {
            throw XendError(.operationFailed, "Invalid weight: \(weight) (must be 1 to 65535)")
        }
        guard cap >= 0 else { throw XendError(.operationFailed, "Invalid cap: \(cap) (must be 0 or more)") }
        self.weight = weight
        self.cap = cap
    }

    init(uncheckedWeight weight: Int, cap: Int) {
        self.weight = weight
        self.cap = cap
    }

    /// The Python 2 dict repr xend returned, `{'cap': 0, 'weight': 256}` (keys in Python 2's hash order,
    /// which puts `cap` first).
    public var dictionaryRepr: String { "{'cap': \(cap), 'weight': \(weight)}" }

    /// The op=domain_sched_credit_get reply: the dict repr as one atom, which prints as
    /// `"{'cap': 0, 'weight': 256}"` (vector #37).
    public func toSExpression() -> SExpression { .atom(dictionaryRepr) }

    /// Reads the op=domain_sched_credit_get reply (either key order).
    /// - Throws: `XendError.malformedField` for any other text.
    public init(_ expression: SExpression) throws(XendError) {
        let values = try PythonDictionaryRepr.integers(in: expression, op: "domain_sched_credit_get")
        guard let weight = values["weight"], let cap = values["cap"] else {
            throw .malformedField("credit", in: "domain_sched_credit_get", "weight or cap missing")
        }
        self.init(uncheckedWeight: weight, cap: cap)
    }
}

/// A domain's credit2 scheduler parameters (op=domain_sched_credit2_get/_set of xend 4.1 and later): the
/// weight only, as libxc's credit2 call of those releases had no cap.
public struct Credit2SchedulerParameters: Hashable, Sendable, Codable {
    /// The relative weight, 1...65535 (256 by default).
    public var weight: Int

    /// Checked parameters.
    /// - Throws: `XendError` with xend's text when `weight` is outside 1...65535.
    public init(weight: Int) throws(XendError) {
        guard CreditSchedulerParameters.weightRange.contains(weight) else {
            throw XendError(.operationFailed, "weight is out of range")
        }
        self.weight = weight
    }

    /// The Python 2 dict repr xend returned, `{'weight': 256}`.
    public var dictionaryRepr: String { "{'weight': \(weight)}" }

    /// The op=domain_sched_credit2_get reply: the dict repr as one atom, `"{'weight': 256}"`.
    public func toSExpression() -> SExpression { .atom(dictionaryRepr) }

    /// Reads the op=domain_sched_credit2_get reply.
    /// - Throws: `XendError.malformedField` for any other text.
    public init(_ expression: SExpression) throws(XendError) {
        let values = try PythonDictionaryRepr.integers(in: expression, op: "domain_sched_credit2_get")
        guard let weight = values["weight"] else {
            throw .malformedField("credit2", in: "domain_sched_credit2_get", "weight missing")
        }
        self.weight = weight
    }
}

/// The scheduler ops' replies: a Python dict of integers printed with `repr`, as one atom.
enum PythonDictionaryRepr {
    /// The dict's values by key (keys unquoted), from `{'cap': 0, 'weight': 256}`.
    static func integers(in expression: SExpression, op: String) throws(XendError) -> [String: Int] {
        guard let text = expression.atomValue, text.hasPrefix("{"), text.hasSuffix("}") else {
            throw .malformedField("scheduler", in: op, "expected a dict repr")
        }
        var values: [String: Int] = [:]
        for item in text.dropFirst().dropLast().split(separator: ",") {
            let parts = item.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Python.int(String(parts[1])) else {
                throw .malformedField("scheduler", in: op, "unexpected \(Python.repr(String(item)))")
            }
            values[Python.trimmed(String(parts[0])).filter { $0 != "'" && $0 != "\"" }] = value
        }
        return values
    }
}

/// A domain's SEDF scheduler parameters, `(sedf (domid N) (period ...) (slice ...) (latency ...)
/// (extratime ...) (weight ...))` (op=cpu_sedf_get of later xend; times in nanoseconds).
///
/// The original printed the times as Python longs, quoted (`(period '20000000')`); this model prints
/// them bare. Parsers read both the same (docs/protocol.md#data-model).
public struct SEDFSchedulerParameters: Hashable, Sendable {
    /// The domain.
    public var domainID: DomainID
    /// The period in nanoseconds.
    public var periodNanoseconds: UInt64
    /// The slice per period in nanoseconds.
    public var sliceNanoseconds: UInt64
    /// The scaled period when the domain is woken up, in nanoseconds.
    public var latencyNanoseconds: UInt64
    /// Whether the domain may run in extra time.
    public var extratime: Int
    /// The weight for sharing extra time.
    public var weight: Int
    /// Keys the model does not know, in order.
    public var extra: ExtraFields

    public init(
        domainID: DomainID, periodNanoseconds: UInt64, sliceNanoseconds: UInt64, latencyNanoseconds: UInt64,
        extratime: Int, weight: Int, extra: ExtraFields = []
    ) {
        self.domainID = domainID
        self.periodNanoseconds = periodNanoseconds
        self.sliceNanoseconds = sliceNanoseconds
        self.latencyNanoseconds = latencyNanoseconds
        self.extratime = extratime
        self.weight = weight
        self.extra = extra
    }
}

extension SEDFSchedulerParameters: FieldTable {
    static let tag = "sedf"
    static var blank: SEDFSchedulerParameters {
        SEDFSchedulerParameters(
            domainID: 0, periodNanoseconds: 0, sliceNanoseconds: 0, latencyNanoseconds: 0, extratime: 0, weight: 0)
    }
    // Stored: read for every value parsed or printed; its closures capture only key paths and constants.
    static let fields: [Field<SEDFSchedulerParameters>] = {
        [
            .required("domid", \.domainID, missing: .missingField("domid", in: tag)),
            .required("period", \.periodNanoseconds, json: "period_ns"),
            .required("slice", \.sliceNanoseconds, json: "slice_ns"),
            .required("latency", \.latencyNanoseconds, json: "latency_ns"),
            .required("extratime", \.extratime),
            .required("weight", \.weight),
        ]
    }()
}

extension SEDFSchedulerParameters {
    /// Reads `(sedf ...)`.
    public init(_ expression: SExpression) throws(XendError) { try self.init(tagged: expression) }

    /// `(sedf (domid N) (period ...) ...)`.
    public func toSExpression() -> SExpression { taggedExpression }
}

/// JSON: the S-expression's keys, times in nanoseconds under `period_ns`, `slice_ns`, `latency_ns`.
extension SEDFSchedulerParameters: Codable {
    public init(from decoder: any Decoder) throws { try self.init(jsonFrom: decoder) }
    public func encode(to encoder: any Encoder) throws { try encodeJSON(to: encoder) }
}
