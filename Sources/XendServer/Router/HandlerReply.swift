import FoundationEssentials
import SExpression
import XendModel

/// What a handler produced, before it is rendered in the representation the client asked for.
enum HandlerReply: Sendable {
    /// The original's `None`: an empty body and no Content-type.
    case none
    /// A value, printed as an S-expression (`application/sxp`) or encoded as JSON.
    case value(SExpression, json: JSONBody)
    /// Text that is already S-expression wire text, such as the 501's `Operation not implemented: x''`.
    case sxpText(String, json: JSONBody)
    /// S-expression wire text with its UTF-8 already made (a cached record's, ``PrintedRecordCache``): the
    /// S-expression reply's body is that array itself, not a copy.
    case sxpPrinted(String, utf8: [UInt8], json: JSONBody)
    /// Raw text served as `text/plain` whatever the client asked for (dmesg, the daemon log).
    case plainText(String)

    /// A value whose JSON form is its `Codable` encoding.
    static func value(_ expression: SExpression, encoding value: some Encodable & Sendable) -> HandlerReply {
        .value(expression, json: JSONBody(value))
    }

    /// An integer result (`0` for maxmem_set, pincpu, domain_sched_credit_set).
    static func integer(_ number: Int) -> HandlerReply {
        .value(.integer(number), encoding: number)
    }

    /// Python's `True` (device_configure).
    static let `true` = HandlerReply.value(.atom("True"), encoding: true)
}

/// A JSON encoding deferred until the client is known to want JSON.
///
/// The value is kept as an existential rather than captured by an encoding closure: a class such as the
/// node record's cache entry then fits in place, where the closure's context was an allocation for every
/// request (callgrind, docs/performance.md).
struct JSONBody: Sendable {
    private let value: any Encodable & Sendable

    /// Encodes `value` with sorted keys, so replies are stable.
    init(_ value: some Encodable & Sendable) {
        self.value = value
    }

    /// The encoded bytes.
    func bytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }
}

/// The JSON form of an error: `{"error": {"kind": "operation_failed", "message": "..."}}`.
struct JSONError: Encodable, Sendable {
    struct Detail: Encodable, Sendable {
        let kind: String
        let message: String
    }

    let error: Detail

    init(_ error: XendError) {
        self.error = Detail(kind: error.kind.rawValue, message: error.message)
    }
}
