import SExpression

/// The JSON member name of a field.
struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A key path a field table may store: `Sendable` so the table is (key path literals of stored properties
/// are `Sendable` when their components are).
typealias FieldPath<Root, Value> = WritableKeyPath<Root, Value> & Sendable

/// One field of a record bound to a property of `Root`: how it is read from and printed to the
/// S-expression, and how it is encoded to and decoded from JSON. `Sendable` (its closures are, and capture
/// only key paths and constants), so each record's table is a plain `static let`.
struct Field<Root>: Sendable {
    /// The S-expression key, e.g. `on_poweroff`.
    let key: String
    /// Every `(key ...)` child is read (`device`), not only the first.
    let isRepeated: Bool
    /// Reads the `(key ...)` children (only the first unless `isRepeated`; empty when absent).
    let read: @Sendable (inout Root, ArraySlice<SExpression>, String) throws(XendError) -> Void
    /// The children to print, usually none or one `(key value)`.
    let write: @Sendable (Root) -> [SExpression]
    let encode: @Sendable (Root, inout KeyedEncodingContainer<FieldKey>) throws -> Void
    let decode: @Sendable (inout Root, KeyedDecodingContainer<FieldKey>) throws -> Void
}

extension Field {
    /// The value of `(key value)`: the second element, or an empty atom for `(key)`.
    static func valueOf(_ child: SExpression) -> SExpression {
        let elements = child.listValue ?? []
        return elements.count >= 2 ? elements[1] : .atom("")
    }

    /// An optional field: absent when `nil`. The JSON member is `json` (default: the key).
    static func optional<V: FieldValue>(_ key: String, _ path: FieldPath<Root, V?>, json: String? = nil) -> Field {
        let jsonKey = FieldKey(json ?? key)
        return Field(
            key: key, isRepeated: false,
            read: { (root: inout Root, children: ArraySlice<SExpression>, tag: String) throws(XendError) in
                guard let child = children.first else { return }
                root[keyPath: path] = try V(field: valueOf(child), key: key, tag: tag)
            },
            write: { root in root[keyPath: path].map { [.pair(key, $0.fieldExpression)] } ?? [] },
            encode: { root, container in try container.encodeIfPresent(root[keyPath: path]?.json, forKey: jsonKey) },
            decode: { root, container in
                guard let form = try container.decodeIfPresent(V.JSONForm.self, forKey: jsonKey) else { return }
                root[keyPath: path] = try decoded(form, as: V.self, key: jsonKey, in: container)
            }
        )
    }

    /// A field that is always printed. When absent it keeps the blank record's default, or fails with
    /// `missing` when one is given.
    static func required<V: FieldValue>(
        _ key: String, _ path: FieldPath<Root, V>, json: String? = nil, missing: XendError? = nil
    ) -> Field {
        let jsonKey = FieldKey(json ?? key)
        return Field(
            key: key, isRepeated: false,
            read: { (root: inout Root, children: ArraySlice<SExpression>, tag: String) throws(XendError) in
                guard let child = children.first else {
                    if let missing { throw missing }
                    return
                }
                root[keyPath: path] = try V(field: valueOf(child), key: key, tag: tag)
            },
            write: { root in [.pair(key, root[keyPath: path].fieldExpression)] },
            encode: { root, container in try container.encode(root[keyPath: path].json, forKey: jsonKey) },
            decode: { root, container in
                if missing != nil {
                    let form = try container.decode(V.JSONForm.self, forKey: jsonKey)
                    root[keyPath: path] = try decoded(form, as: V.self, key: jsonKey, in: container)
                } else if let form = try container.decodeIfPresent(V.JSONForm.self, forKey: jsonKey) {
                    root[keyPath: path] = try decoded(form, as: V.self, key: jsonKey, in: container)
                }
            }
        )
    }

    /// A field stored in a nested table type: `(image (linux ...))` style values and device bodies.
    static func custom(
        _ key: String, repeated: Bool = false,
        read: @escaping @Sendable (inout Root, ArraySlice<SExpression>, String) throws(XendError) -> Void,
        write: @escaping @Sendable (Root) -> [SExpression],
        encode: @escaping @Sendable (Root, inout KeyedEncodingContainer<FieldKey>) throws -> Void,
        decode: @escaping @Sendable (inout Root, KeyedDecodingContainer<FieldKey>) throws -> Void
    ) -> Field {
        Field(key: key, isRepeated: repeated, read: read, write: write, encode: encode, decode: decode)
    }

    private static func decoded<V: FieldValue>(
        _ form: V.JSONForm, as type: V.Type, key: FieldKey, in container: KeyedDecodingContainer<FieldKey>
    ) throws -> V {
        guard let value = V(json: form) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "invalid value for \(key.stringValue)")
        }
        return value
    }
}

extension Field {
    /// An optional integer printed in hex with at least `digits` digits (`0x001b`), as PCI addresses are.
    /// Reads `0x1b` or `1b` (Python `int(text, 16)`).
    static func hex(_ key: String, _ path: FieldPath<Root, Int?>, digits: Int) -> Field {
        let jsonKey = FieldKey(key)
        return Field(
            key: key, isRepeated: false,
            read: { (root: inout Root, children: ArraySlice<SExpression>, tag: String) throws(XendError) in
                guard let child = children.first else { return }
                let text = try valueOf(child).requireAtom(key: key, tag: tag)
                var hex = Substring(Python.trimmed(text).lowercased())
                if hex.hasPrefix("0x") { hex = hex.dropFirst(2) }
                guard !hex.isEmpty, let value = Int(hex, radix: 16), value >= 0 else {
                    throw .malformedField(key, in: tag, "invalid literal for int() with base 16: \(Python.repr(text))")
                }
                root[keyPath: path] = value
            },
            write: { root in
                guard let value = root[keyPath: path] else { return [] }
                let text = String(value, radix: 16)
                return [.pair(key, .atom("0x" + String(repeating: "0", count: max(0, digits - text.count)) + text))]
            },
            encode: { root, container in try container.encodeIfPresent(root[keyPath: path], forKey: jsonKey) },
            decode: { root, container in root[keyPath: path] = try container.decodeIfPresent(Int.self, forKey: jsonKey)
            }
        )
    }
}

extension Field {
    /// An integer that old records printed as a float (3.0.x's `(cpu_weight 1.0)`): a float is truncated.
    static func lenientInteger(_ key: String, _ path: FieldPath<Root, Int>) -> Field {
        let jsonKey = FieldKey(key)
        return Field(
            key: key, isRepeated: false,
            read: { (root: inout Root, children: ArraySlice<SExpression>, tag: String) throws(XendError) in
                guard let child = children.first else { return }
                let text = try valueOf(child).requireAtom(key: key, tag: tag)
                if let value = Python.int(text) {
                    root[keyPath: path] = value
                } else if let value = Double(Python.trimmed(text)), value.isFinite, abs(value) < 1e15 {
                    root[keyPath: path] = Int(value)
                } else {
                    throw .invalidInteger(text)
                }
            },
            write: { root in [.pair(key, .integer(root[keyPath: path]))] },
            encode: { root, container in try container.encode(root[keyPath: path], forKey: jsonKey) },
            decode: { root, container in
                if let value = try container.decodeIfPresent(Int.self, forKey: jsonKey) { root[keyPath: path] = value }
            }
        )
    }
}
