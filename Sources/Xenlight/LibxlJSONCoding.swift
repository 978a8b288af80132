import FoundationEssentials

/// A key in libxl's JSON: the C field name, or `<key>.<value>` for a keyed union member.
public struct LibxlJSONKey: CodingKey, Hashable, Sendable, ExpressibleByStringLiteral {
    public var stringValue: String
    public var intValue: Int? { nil }

    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
    public init(stringLiteral value: String) { self.stringValue = value }
}

/// A libxl enumeration: encoded as libxl's string form, or as the raw number when libxl has no name for it.
public protocol LibxlEnumeration: RawRepresentable, Codable, CaseIterable where RawValue == Int32 {
    var libxlString: String? { get }
    init?(libxlString: String)
    init(rawValue: Int32)
}

extension LibxlEnumeration {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let string = libxlString {
            try container.encode(string)
        } else {
            try container.encode(rawValue)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int32.self) {
            self.init(rawValue: number)
            return
        }
        let string = try container.decode(String.self)
        guard let value = Self(libxlString: string) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(Self.self) has no value named \"\(string)\"")
        }
        self = value
    }
}

/// The rules libxl's generated `*_gen_json` functions follow, so our JSON matches theirs.
extension KeyedEncodingContainer where Key == LibxlJSONKey {
    /// Leaves the field out when it holds its libxl default, as libxl does.
    mutating func encode<T: Encodable & Equatable>(_ value: T, unlessEqualTo defaultValue: T, forKey key: Key) throws {
        guard value != defaultValue else { return }
        try encode(value, forKey: key)
    }

    /// libxl writes an array only when it has elements.
    mutating func encodeUnlessEmpty<T: Encodable>(_ value: [T], forKey key: Key) throws {
        guard !value.isEmpty else { return }
        try encode(value, forKey: key)
    }

    /// libxl writes a UUID as lower-case text, and leaves out the all-zero one.
    mutating func encodeUUID(_ value: UUID, default defaultValue: UUID, forKey key: Key) throws {
        guard value != defaultValue else { return }
        try encode(value.libxlString, forKey: key)
    }

    /// libxl always writes `hw_cap`, and only its first four words (`libxl_hwcap_gen_json`).
    mutating func encodeHwcap(_ value: [UInt32], forKey key: Key) throws {
        let words = (value + Array(repeating: 0, count: 4)).prefix(4)
        try encode(Array(words), forKey: key)
    }

    /// A union key without a payload is still written, as `"<key>.<value>": {}`, when libxl knows its name.
    mutating func encodeEmptyUnionMember<Kind: LibxlEnumeration>(_ value: Kind, keyField: String) throws {
        guard let name = value.libxlString else { return }
        _ = nestedContainer(keyedBy: LibxlJSONKey.self, forKey: LibxlJSONKey(stringValue: "\(keyField).\(name)"))
    }
}

extension KeyedDecodingContainer where Key == LibxlJSONKey {
    /// Overwrites `value` when the key is present; an absent key keeps libxl's default.
    func decodeIfPresent<T: Decodable>(into value: inout T, forKey key: Key) throws {
        if let decoded = try decodeIfPresent(T.self, forKey: key) { value = decoded }
    }

    func decodeUUID(_ value: inout UUID, forKey key: Key) throws {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return }
        guard let uuid = UUID(uuidString: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a UUID: \(text)")
        }
        value = uuid
    }

    func decodeHwcap(_ value: inout [UInt32], forKey key: Key) throws {
        guard let words = try decodeIfPresent([UInt32].self, forKey: key) else { return }
        var result = Array(words.prefix(8))
        result += Array(repeating: 0, count: 8 - result.count)
        value = result
    }

    /// Finds the `"<keyField>.<value>"` member of a keyed union, if the JSON has one.
    func unionMember<Kind: LibxlEnumeration>(_ type: Kind.Type, keyField: String) throws -> (Kind, Key)? {
        let prefix = keyField + "."
        guard let codingKey = allKeys.first(where: { $0.stringValue.hasPrefix(prefix) }) else { return nil }
        let name = String(codingKey.stringValue.dropFirst(prefix.count))
        guard let key = Kind(libxlString: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: codingKey, in: self, debugDescription: "\(Kind.self) has no value named \"\(name)\"")
        }
        return (key, codingKey)
    }
}

extension UUID {
    /// The lower-case form libxl prints (`libxl_uuid` JSON, `LIBXL_UUID_FMT`).
    public var libxlString: String { uuidString.lowercased() }
}
