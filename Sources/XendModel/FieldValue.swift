import FoundationEssentials
import SExpression

/// A type that can be the value of a `(key value)` field and of a JSON member.
///
/// Internal machinery: the records declare their fields as tables (`FieldTable`) and this protocol
/// supplies each value's wire text and JSON form, so printing, parsing and JSON cannot drift apart.
/// `Sendable` because the field tables' `Sendable` closures name the value and JSON types.
protocol FieldValue: Sendable {
    /// The JSON representation (a number, a string, a Boolean).
    associatedtype JSONForm: Codable & Sendable
    /// Reads the value of `(key <expression>)` inside `(tag ...)`.
    init(field expression: SExpression, key: String, tag: String) throws(XendError)
    /// The value as it is printed.
    var fieldExpression: SExpression { get }
    /// Reads the JSON form; `nil` when out of range.
    init?(json: JSONForm)
    /// The JSON form.
    var json: JSONForm { get }
}

extension SExpression {
    /// The atom's text or the error saying that `key` needs one.
    func requireAtom(key: String, tag: String) throws(XendError) -> String {
        guard let text = atomValue else { throw .malformedField(key, in: tag, "expected a single value, found a list") }
        return text
    }
}

extension String: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        self = try expression.requireAtom(key: key, tag: tag)
    }
    var fieldExpression: SExpression { .atom(self) }
    init?(json: String) { self = json }
    var json: String { self }
}

extension Int: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        self = try Python.intOrThrow(expression.requireAtom(key: key, tag: tag))
    }
    var fieldExpression: SExpression { .integer(self) }
    init?(json: Int) { self = json }
    var json: Int { self }
}

extension UInt64: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let value = UInt64(Python.trimmed(text)) else { throw .invalidInteger(text) }
        self = value
    }
    var fieldExpression: SExpression { .integer(self) }
    init?(json: UInt64) { self = json }
    var json: UInt64 { self }
}

/// `0`/`1` on the wire (any integer, or Python's `True`/`False`, is read), a JSON Boolean.
extension Bool: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        switch text.lowercased() {
        case "true", "yes", "on": self = true
        case "false", "no", "off": self = false
        default: self = try Python.intOrThrow(text) != 0
        }
    }
    var fieldExpression: SExpression { .atom(self ? "1" : "0") }
    init?(json: Bool) { self = json }
    var json: Bool { self }
}

/// MiB on the wire and in JSON (whole MiB, rounded down as xend does).
extension Memory: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let value = try Int(field: expression, key: key, tag: tag)
        guard value >= 0 else { throw .malformedField(key, in: tag, "negative memory \(value)") }
        // (memory 3299999999999999999) overflowed KiB and trapped (found by FuzzRequestPath).
        guard let memory = Memory.checkedMebibytes(UInt64(value)) else {
            throw .malformedField(key, in: tag, "memory too large \(value)")
        }
        self = memory
    }
    var fieldExpression: SExpression { .integer(inMebibytes) }
    init?(json: UInt64) {
        guard let memory = Memory.checkedMebibytes(json) else { return nil }
        self = memory
    }
    var json: UInt64 { inMebibytes }
}

extension UUID: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let uuid = UUID(xendString: text) else { throw .malformedField(key, in: tag, "not a UUID: \(text)") }
        self = uuid
    }
    var fieldExpression: SExpression { .atom(xendString) }
    init?(json: String) { self.init(xendString: json) }
    var json: String { xendString }
}

extension DomainID: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let id = DomainID(text) else { throw .invalidInteger(text) }
        self = id
    }
    var fieldExpression: SExpression { .integer(rawValue) }
    init?(json: UInt32) { self.init(json) }
    var json: UInt32 { rawValue }
}

extension DomainName: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        try self.init(expression.requireAtom(key: key, tag: tag))
    }
    var fieldExpression: SExpression { .atom(rawValue) }
    init?(json: String) { self.init(validating: json) }
    var json: String { rawValue }
}

extension Seconds: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let value = Double(Python.trimmed(text)), value.isFinite else {
            throw .malformedField(key, in: tag, "not a number: \(text)")
        }
        self.init(value)
    }
    var fieldExpression: SExpression { .float(value) }
    init?(json: Double) { self.init(json) }
    var json: Double { value }
}

extension LifecycleAction: FieldValue {
    typealias JSONForm = String
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        try self.init(expression.requireAtom(key: key, tag: tag), key: key)
    }
}

extension XendStartAction: FieldValue { typealias JSONForm = String }
extension XendStopAction: FieldValue { typealias JSONForm = String }

extension DomainStatus: FieldValue {
    typealias JSONForm = Int
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let number = try Int(field: expression, key: key, tag: tag)
        guard let status = DomainStatus(rawValue: number) else {
            throw .malformedField(key, in: tag, "unknown status \(number)")
        }
        self = status
    }
    var fieldExpression: SExpression { .integer(rawValue) }
}

extension DomainStateFlags: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let flags = DomainStateFlags(stateString: text) else {
            throw .malformedField(key, in: tag, "not a state string: \(text)")
        }
        self = flags
    }
    var fieldExpression: SExpression { .atom(stateString) }
    init?(json: String) { self.init(stateString: json) }
    var json: String { stateString }
}

/// String-backed enums whose unknown values are a malformed field.
extension FieldValue where Self: RawRepresentable, RawValue == String, JSONForm == String {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        let text = try expression.requireAtom(key: key, tag: tag)
        guard let value = Self(rawValue: text) else { throw .malformedField(key, in: tag, "unknown value \(text)") }
        self = value
    }
    var fieldExpression: SExpression { .atom(rawValue) }
    init?(json: String) { self.init(rawValue: json) }
    var json: String { rawValue }
}

extension FieldValue where Self: RawRepresentable, RawValue == Int, JSONForm == Int {
    init?(json: Int) { self.init(rawValue: json) }
    var json: Int { rawValue }
}
