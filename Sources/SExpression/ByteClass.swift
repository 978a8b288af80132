/// Character classes of xend's S-expression syntax, one table lookup per byte.
enum ByteClass {
    /// Whitespace: space, `\t \n \v \f \r`.
    static let space: UInt8 = 1 << 0
    /// Ends an unquoted atom: whitespace, `#`, and the separators `{ } ( ) < > [ ] ;`.
    static let atomEnd: UInt8 = 1 << 1
    /// Can start an atom: printable ASCII except whitespace, quotes, parens and `#`; also any byte >= 0x80
    /// (UTF-8 text, which xend's byte-oriented parser rejected but modern clients may send).
    static let atomStart: UInt8 = 1 << 2
    /// Allowed in an atom printed bare: ASCII letters, digits and `. - _ : / ~`.
    static let bare: UInt8 = 1 << 3

    /// The class bits of every byte value.
    static let table: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] as [UInt8] {
            table[Int(byte)] |= space | atomEnd
        }
        for byte in "#{}()<>[];".utf8 {
            table[Int(byte)] |= atomEnd
        }
        for byte in UInt8(0x21)...UInt8(0x7E) where !"\"'()#".utf8.contains(byte) {
            table[Int(byte)] |= atomStart
        }
        for byte in UInt8(0x80)...UInt8(0xFF) {
            table[Int(byte)] |= atomStart
        }
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:/~".utf8 {
            table[Int(byte)] |= bare
        }
        return table
    }()
}
