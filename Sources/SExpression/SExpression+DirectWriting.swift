// Writers for printers that append a value's wire text without building the `SExpression` first: the domain
// listing prints a thousand records this way (docs/performance.md#listing). Each appends exactly the bytes
// its counterpart (`.atom`, `.integer`, `.float`, `write(into:)`) prints; the tests compare them.

/// A growable byte buffer for printers that append many small pieces.
///
/// An `Array` append checks that the storage is uniquely referenced and calls out for every piece; the
/// listing appends some 200 pieces per record, and those checks were a fifth of its cost. This buffer owns
/// its memory (it cannot be copied), so an append is a capacity check and a store.
public struct PrintBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written: Int
    /// The number of bytes written.
    public var count: Int { written }

    /// An empty buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        written = 0
    }

    deinit { base.deallocate() }

    /// Makes room for `extra` more bytes.
    @inlinable
    public mutating func reserve(_ extra: Int) {
        if written + extra > capacity { grow(to: written + extra) }
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: written)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one byte.
    @inlinable
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[written] = byte
        written += 1
    }

    /// Appends bytes.
    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + written).update(from: source, count: bytes.count) }
        written += bytes.count
    }

    /// Appends the bytes of `text` (keys and punctuation, printed as they are).
    @inlinable
    public mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends bytes.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Writes up to `maximum` bytes in place: `body` returns how many it wrote.
    @inlinable
    public mutating func appendInPlace(maximum: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(maximum)
        written += body(base + written)
    }

    /// The bytes written.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: written))
    }

    /// The bytes written, as text (the printers write ASCII only, so nothing is repaired).
    public var text: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

extension SExpression {
    /// Appends the wire text of this value, the bytes `write(into:)` appends to an array.
    public func write(into buffer: inout PrintBuffer) {
        if case .atom(let text) = self {
            Self.writeAtom(text, into: &buffer)
            return
        }
        var bytes: [UInt8] = []
        write(into: &bytes)
        buffer.append(bytes)
    }

    /// Appends the wire text of `.atom(text)`: bare when xend's atom test allows, quoted otherwise.
    public static func writeAtom(_ text: String, into buffer: inout PrintBuffer) {
        withUTF8(of: text) { bytes in
            let isBare = ByteClass.table.withUnsafeBufferPointer { isBareAtom(bytes, classes: $0) }
            if isBare {
                buffer.append(bytes)
            } else {
                var quoted: [UInt8] = []
                writeQuoted(bytes, into: &quoted)
                buffer.append(quoted)
            }
        }
    }

    /// Appends the wire text of `.integer(value)`: decimal, always bare.
    public static func writeInteger(_ value: Int, into buffer: inout PrintBuffer) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        writeInteger(UInt64(value.magnitude), into: &buffer)
    }

    /// Appends the wire text of `.integer(value)`.
    public static func writeInteger(_ value: UInt64, into buffer: inout PrintBuffer) {
        if value < 10 {
            buffer.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value))
            return
        }
        var digits = 1
        var power: UInt64 = 10
        while digits < 20 && value >= power {
            digits += 1
            power = power.multipliedReportingOverflow(by: 10).partialValue
        }
        buffer.appendInPlace(maximum: digits) { out in
            var rest = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            return digits
        }
    }

    /// Appends the wire text of `.float(value)`: Python 2's `str(float)` through the atom test.
    public static func writeFloat(_ value: Double, into buffer: inout PrintBuffer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { text in
            guard let count = shortPythonString(of: value, into: text) else {
                writeAtom(pythonString(of: value), into: &buffer)
                return
            }
            let bytes = UnsafeBufferPointer(rebasing: text[..<count])
            // Only an exponent's `+` fails the atom test: `'1e+20'`.
            if bytes.contains(UInt8(ascii: "+")) {
                buffer.append(UInt8(ascii: "'"))
                buffer.append(bytes)
                buffer.append(UInt8(ascii: "'"))
            } else {
                buffer.append(bytes)
            }
        }
    }

    /// `pythonString(of:)` from Swift's shortest round-trip digits, without `vsnprintf`; `nil` when only the
    /// exact path can tell (non-normal values, or 13 shortest digits ending in 5: a tie in the digits that
    /// the exact binary value may break either way).
    ///
    /// Why rounding the shortest digits D gives the exact value's 12 digits: D lies within half a unit in the
    /// last place of the value v (about 1.1e-16 relative for normal doubles). With 12 digits or fewer, D is
    /// exactly v rounded to 12 digits. With 13 digits not ending in 5, the rounding boundary is at least
    /// 1e-13 relative away from D, far beyond v. With 14 or more, a boundary between v and D would itself be a
    /// shorter (13-digit) text that reads back as v, which the shortest digits rule out.
    /// - Returns: The byte count written to `out` (at most 32).
    static func shortPythonString(of value: Double, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var length = 0
        func put(_ byte: UInt8) {
            out[length] = byte
            length += 1
        }
        if value == 0 {
            if value.sign == .minus { put(UInt8(ascii: "-")) }
            for byte in "0.0".utf8 { put(byte) }
            return length
        }
        guard value.isNormal else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { (digits) -> Int? in
            // Swift's description: "12.345678901234567", "0.0001", "1e-05", "1.2345678901234568e+17".
            var count = 0
            var integerDigits = -1
            var exponent = 0
            var exponentSign = 1
            var inExponent = false
            var leadingZeros = 0
            for byte in value.magnitude.description.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if inExponent {
                        exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                    } else if count == 0 && byte == UInt8(ascii: "0") {
                        leadingZeros += 1
                    } else {
                        guard count < digits.count else { return nil }
                        digits[count] = byte
                        count += 1
                    }
                case UInt8(ascii: "."):
                    integerDigits = count + leadingZeros
                case UInt8(ascii: "e"):
                    if integerDigits < 0 { integerDigits = count + leadingZeros }
                    inExponent = true
                case UInt8(ascii: "-"):
                    exponentSign = -1
                case UInt8(ascii: "+"):
                    break
                default:
                    return nil
                }
            }
            if integerDigits < 0 { integerDigits = count + leadingZeros }
            while count > 0 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            guard count > 0 else { return nil }
            // The decimal exponent of the first significant digit.
            var decimalExponent = integerDigits - leadingZeros - 1 + exponentSign * exponent
            if count > 12 {
                if count == 13 && digits[12] == UInt8(ascii: "5") { return nil }
                let roundsUp = digits[12] >= UInt8(ascii: "5")
                count = 12
                if roundsUp {
                    var index = 11
                    while index >= 0 && digits[index] == UInt8(ascii: "9") {
                        digits[index] = UInt8(ascii: "0")
                        index -= 1
                    }
                    if index < 0 {
                        digits[0] = UInt8(ascii: "1")
                        count = 1
                        decimalExponent += 1
                    } else {
                        digits[index] += 1
                    }
                }
                while count > 1 && digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
            }
            // The layout of pythonString(of:).
            if value.sign == .minus { put(UInt8(ascii: "-")) }
            if decimalExponent < -4 || decimalExponent >= 11 {
                put(digits[0])
                if count > 1 {
                    put(UInt8(ascii: "."))
                    for index in 1..<count { put(digits[index]) }
                }
                put(UInt8(ascii: "e"))
                put(decimalExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                let magnitude = abs(decimalExponent)
                if magnitude >= 100 { put(UInt8(ascii: "0") + UInt8(magnitude / 100)) }
                put(UInt8(ascii: "0") + UInt8(magnitude / 10 % 10))
                put(UInt8(ascii: "0") + UInt8(magnitude % 10))
            } else if decimalExponent < 0 {
                put(UInt8(ascii: "0"))
                put(UInt8(ascii: "."))
                for _ in 0..<(-decimalExponent - 1) { put(UInt8(ascii: "0")) }
                for index in 0..<count { put(digits[index]) }
            } else {
                let wholeDigits = decimalExponent + 1
                for index in 0..<min(wholeDigits, count) { put(digits[index]) }
                if wholeDigits >= count {
                    for _ in 0..<(wholeDigits - count) { put(UInt8(ascii: "0")) }
                    put(UInt8(ascii: "."))
                    put(UInt8(ascii: "0"))
                } else {
                    put(UInt8(ascii: "."))
                    for index in wholeDigits..<count { put(digits[index]) }
                }
            }
            return length
        }
    }
}
