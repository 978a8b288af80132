import SExpression
import Synchronization

/// A record whose S-expression and JSON forms come from one table of fields, plus the unknown
/// children kept in `extra`. Printing order is the table's order, then `extra`.
protocol FieldTable {
    /// The head of the form: `vm`, `domain`, `vbd`, `linux`...
    static var tag: String { get }
    /// The value before any field is read: defaults for every non-optional property.
    static var blank: Self { get }
    /// The known fields, in printing order. Conformers store it (`static let`): it is read for every value
    /// parsed or printed, and rebuilding the table of closures each time is wasted work.
    static var fields: [Field<Self>] { get }
    /// The unknown children, in their order.
    var extra: ExtraFields { get set }
}

extension FieldTable {
    /// Reads the children of a form (the elements after its head).
    init(fields children: some Sequence<SExpression>) throws(XendError) {
        try self.init(fields: ArraySlice(children))
    }

    /// Reads the children of a form (the elements after its head).
    init(fields children: ArraySlice<SExpression>) throws(XendError) {
        let fields = Self.fields
        let positions = Self.fieldPositions
        // Each single field reads a one-element slice of `children` (no array of its own); only repeated
        // fields gather theirs.
        var first = Array(repeating: -1, count: fields.count)
        var repeated: [Int: [SExpression]] = [:]
        var extra: [SExpression] = []
        // Records arrive in table order, so the field after the last one found is tried before the
        // dictionary (only when keys are unique: the dictionary gives the last of equal keys).
        var next = 0
        for index in children.indices {
            let child = children[index]
            let position: Int
            if let key = child.head {
                if positions.keysAreUnique, next < fields.count, fields[next].key == key {
                    position = next
                } else if let known = positions.byKey[key] {
                    position = known
                } else {
                    extra.append(child)
                    continue
                }
            } else {
                extra.append(child)
                continue
            }
            next = position + 1
            // First wins for single fields: later repeats are dropped, as xend's sxp.child does.
            if fields[position].isRepeated {
                repeated[position, default: []].append(child)
            } else if first[position] < 0 {
                first[position] = index
            }
        }
        var value = Self.blank
        let none = children[children.startIndex..<children.startIndex]
        for position in fields.indices {
            let found: ArraySlice<SExpression>
            if let all = repeated[position] {
                found = all[...]
            } else if first[position] >= 0 {
                found = children[first[position]...first[position]]
            } else {
                found = none
            }
            try fields[position].read(&value, found, Self.tag)
        }
        value.extra = ExtraFields(extra)
        self = value
    }

    /// ``init(fields:)`` as first written, a dictionary of the keys built for every value read: the
    /// reference the tests hold the faster form to.
    init(referenceFields children: some Sequence<SExpression>) throws(XendError) {
        let fields = Self.fields
        var index: [String: Int] = [:]
        for (position, field) in fields.enumerated() { index[field.key] = position }
        var found = Array(repeating: [SExpression](), count: fields.count)
        var extra: [SExpression] = []
        for child in children {
            if let key = child.head, let position = index[key] {
                if fields[position].isRepeated || found[position].isEmpty { found[position].append(child) }
            } else {
                extra.append(child)
            }
        }
        var value = Self.blank
        for (position, field) in fields.enumerated() {
            try field.read(&value, found[position][...], Self.tag)
        }
        value.extra = ExtraFields(extra)
        self = value
    }

    /// The position of each key in ``fields`` (the last, for a key listed twice), built once per type.
    static var fieldPositions: FieldPositions {
        let type = ObjectIdentifier(Self.self)
        if let known = fieldPositionCache.withLock({ $0[type] }) { return known }
        var byKey: [String: Int] = [:]
        for (position, field) in fields.enumerated() { byKey[field.key] = position }
        let positions = FieldPositions(byKey: byKey, keysAreUnique: byKey.count == fields.count)
        fieldPositionCache.withLock { $0[type] = positions }
        return positions
    }

    /// Reads `(tag child ...)`.
    /// - Throws: `XendError.malformedField` when the head is not `tag`.
    init(tagged expression: SExpression) throws(XendError) {
        guard expression.head == Self.tag else {
            throw .malformedField(Self.tag, in: Self.tag, "expected (\(Self.tag) ...)")
        }
        try self.init(fields: expression.tail)
    }

    /// The known fields in table order, then the unknown ones.
    var fieldExpressions: [SExpression] {
        Self.fields.flatMap { $0.write(self) } + extra.elements
    }

    /// `(tag field ...)`.
    var taggedExpression: SExpression {
        .list([.atom(Self.tag)] + fieldExpressions)
    }

    /// Decodes the JSON object of the fields (unknown children under `extra`).
    init(jsonFrom decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        var value = Self.blank
        for field in Self.fields { try field.decode(&value, container) }
        value.extra = try container.decodeIfPresent(ExtraFields.self, forKey: FieldKey("extra")) ?? ExtraFields()
        self = value
    }

    /// Encodes the fields as one JSON object.
    func encodeJSON(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for field in Self.fields { try field.encode(self, &container) }
        if !extra.isEmpty { try container.encode(extra, forKey: FieldKey("extra")) }
    }
}

/// Where each key of a record type's field table is.
struct FieldPositions: Sendable {
    var byKey: [String: Int]
    /// No key is listed twice.
    var keysAreUnique: Bool
}

/// ``FieldTable/fieldPositions`` of each record type read so far.
private let fieldPositionCache = Mutex<[ObjectIdentifier: FieldPositions]>([:])
