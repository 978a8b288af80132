import FoundationEssentials
import Testing

@testable import Xenlight

/// A generated struct's populated value, as a test argument.
struct PopulatedValue: Sendable, CustomTestStringConvertible {
    let name: String
    let value: any LibxlStruct & Codable & Hashable

    init(_ name: String, _ value: any LibxlStruct & Codable & Hashable) {
        self.name = name
        self.value = value
    }

    var testDescription: String { name }
}

/// One enum constant, with the string form the generator derived from its name.
struct EnumCaseSample: Sendable, CustomTestStringConvertible {
    let name: String
    let ours: String?
    let libxls: String?
    let expected: String
    let parsesBack: Bool

    init<E: LibxlEnumeration & LibxlCEnumeration & Equatable>(_ name: String, _ value: E, _ expected: String) {
        self.name = name
        self.ours = value.libxlString
        self.libxls = value.cLibxlString
        self.expected = expected
        self.parsesBack = E(libxlString: expected) == value || E(libxlString: expected)?.libxlString == expected
    }

    var testDescription: String { name }
}

/// A number distinct from the field's default, so every field of a populated value is non-default.
func sample<T: FixedWidthInteger>(_ seed: Int, avoiding defaultValue: T) -> T {
    let value = T(truncatingIfNeeded: seed)
    return value == defaultValue ? value &+ 1 : value
}

/// The first constant that is not the field's default.
func sample<E: LibxlEnumeration & Equatable>(avoiding defaultValue: E) -> E {
    E.allCases.first { $0 != defaultValue } ?? defaultValue
}

func sampleUUID(_ seed: Int) -> UUID {
    let b = UInt8(truncatingIfNeeded: seed)
    return UUID(uuid: (b, 0x23, 0x45, 0x67, 0x89, 0xab, 0x4c, 0xde, 0x8f, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, b))
}
