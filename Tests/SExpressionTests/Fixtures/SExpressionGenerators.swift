import PropertyBased
import SExpression

/// Random S-expression values and byte strings for the property tests.
///
/// Atoms mix everything the printer must handle: bare-atom characters, the empty atom, both quotes,
/// backslashes, `#`, parens and separators, whitespace, control characters (EOT included), DEL, and
/// Unicode from Latin-1 to astral planes.
enum SExpressionGenerators {
    static let value = Generator<SExpression, Shrink.None<SExpression>> { rng in
        randomValue(depth: 0, using: &rng)
    }

    static let values = Generator<[SExpression], Shrink.None<[SExpression]>> { rng in
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: 0, using: &rng) }
    }

    static let atomText = Generator<String, Shrink.None<String>> { rng in
        randomAtom(using: &rng)
    }

    /// Byte strings built mostly from syntax tokens, so random input reaches deep into the parser.
    static let syntaxBytes = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        let tokens: [[UInt8]] = [
            "(", ")", " ", "\n", "'", "\"", "\\", "\\x", "\\0", "\\377", "#", "[", "]", ";", "a", "bc", "é", "\u{04}",
            "\u{01}", "\\q",
        ].map { Array($0.utf8) }
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...40, using: &rng) {
            if Int.random(in: 0..<8, using: &rng) == 0 {
                bytes.append(UInt8.random(in: 0...255, using: &rng))
            } else {
                bytes += tokens[Int.random(in: 0..<tokens.count, using: &rng)]
            }
        }
        return bytes
    }

    private static func randomValue(depth: Int, using rng: inout some RandomNumberGenerator) -> SExpression {
        if depth >= 6 || Int.random(in: 0..<3, using: &rng) > 0 {
            return .atom(randomAtom(using: &rng))
        }
        let count = Int.random(in: 0...5, using: &rng)
        return .list((0..<count).map { _ in randomValue(depth: depth + 1, using: &rng) })
    }

    private static let bareCharacters = Array("abcxyzABCXYZ0189.-_:/~@")
    private static let trickyCharacters = Array(" '\"\\#()[]{}<>;!=,\t\n\r\u{0B}\u{0C}\u{00}\u{04}\u{1B}\u{7F}")

    private static func randomAtom(using rng: inout some RandomNumberGenerator) -> String {
        let length = Int.random(in: 0...10, using: &rng)
        var text = ""
        // Half the atoms stay bare-printable, so both printer branches get exercised.
        let onlyBare = Bool.random(using: &rng)
        for _ in 0..<length {
            if onlyBare {
                text.append(bareCharacters[Int.random(in: 0..<bareCharacters.count, using: &rng)])
                continue
            }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: text.append(bareCharacters[Int.random(in: 0..<bareCharacters.count, using: &rng)])
            case 1: text.append(trickyCharacters[Int.random(in: 0..<trickyCharacters.count, using: &rng)])
            case 2: text.unicodeScalars.append(randomScalar(in: 0x80...0x7FF, using: &rng))
            default: text.unicodeScalars.append(randomScalar(in: 0x800...0x10FFFF, using: &rng))
            }
        }
        return text
    }

    private static func randomScalar(
        in range: ClosedRange<UInt32>,
        using rng: inout some RandomNumberGenerator
    ) -> Unicode.Scalar {
        while true {
            // Surrogate code points are not scalars; draw again.
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { return scalar }
        }
    }
}
