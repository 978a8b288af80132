// The printer reproduces xend's output byte for byte (docs/protocol.md#printer): bare atoms by xend's atom
// test, everything else quoted as Python 2's repr() of the UTF-8 bytes, lists with single spaces.

extension SExpression: CustomStringConvertible {
    /// The wire text, exactly as xend printed it: `(domain (domid 3) (name vm1) (bootloader ''))`.
    public var description: String {
        var bytes: [UInt8] = []
        write(into: &bytes)
        // The printer escapes every byte outside printable ASCII, so the output is always valid ASCII.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the wire text to `buffer`.
    ///
    /// Printing never overflows the call stack: nesting deeper than `recursionLimit` continues on an
    /// explicit stack.
    /// - Parameter buffer: Receives the printed bytes (always ASCII).
    public func write(into buffer: inout [UInt8]) {
        ByteClass.table.withUnsafeBufferPointer { classes in
            switch self {
            case .atom(let text): Self.writeAtom(text, classes: classes, into: &buffer)
            case .list(let elements): Self.writeList(elements, depth: 0, classes: classes, into: &buffer)
            }
        }
    }

    /// Lists nested deeper than this are printed without recursion.
    private static let recursionLimit = 64

    /// The fast path: recursion over borrowed elements, which costs no reference counting.
    private static func writeList(
        _ elements: [SExpression],
        depth: Int,
        classes: UnsafeBufferPointer<UInt8>,
        into buffer: inout [UInt8]
    ) {
        guard depth < recursionLimit else {
            writeDeepList(elements, classes: classes, into: &buffer)
            return
        }
        buffer.append(UInt8(ascii: "("))
        elements.withUnsafeBufferPointer { elements in
            for index in elements.indices {
                if index > 0 { buffer.append(UInt8(ascii: " ")) }
                switch elements[index] {
                case .atom(let text): writeAtom(text, classes: classes, into: &buffer)
                case .list(let children): writeList(children, depth: depth + 1, classes: classes, into: &buffer)
                }
            }
        }
        buffer.append(UInt8(ascii: ")"))
    }

    /// The deep path: an explicit stack of partly printed lists.
    private static func writeDeepList(
        _ elements: [SExpression],
        classes: UnsafeBufferPointer<UInt8>,
        into buffer: inout [UInt8]
    ) {
        var stack: [(elements: [SExpression], next: Int)] = [(elements, 0)]
        buffer.append(UInt8(ascii: "("))
        while let (elements, next) = stack.last {
            guard next < elements.count else {
                buffer.append(UInt8(ascii: ")"))
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next = next + 1
            if next > 0 { buffer.append(UInt8(ascii: " ")) }
            switch elements[next] {
            case .atom(let text):
                writeAtom(text, classes: classes, into: &buffer)
            case .list(let children):
                buffer.append(UInt8(ascii: "("))
                stack.append((children, 0))
            }
        }
    }

    /// Whether xend prints `text` bare: non-empty, and either exactly `@` or made only of ASCII letters,
    /// digits and `. - _ : / ~` (`phy:/dev/sda1`, `-b----`, `1.5`; not `a b`, `w!`, `a=b` or ``).
    public static func isBareAtom(_ text: String) -> Bool {
        ByteClass.table.withUnsafeBufferPointer { classes in
            withUTF8(of: text) { isBareAtom($0, classes: classes) }
        }
    }

    static func isBareAtom(_ bytes: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return false }
        if bytes.count == 1 && bytes[0] == UInt8(ascii: "@") { return true }
        for byte in bytes where classes[Int(byte)] & ByteClass.bare == 0 { return false }
        return true
    }

    static func writeAtom(_ text: String, classes: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        withUTF8(of: text) { bytes in
            if isBareAtom(bytes, classes: classes) {
                buffer.append(contentsOf: bytes)
            } else {
                writeQuoted(bytes, into: &buffer)
            }
        }
    }

    /// Reads a String's UTF-8 in place (native Strings, small or not, always have contiguous UTF-8).
    static func withUTF8<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Python 2 `repr()` of a byte string: `'` unless the text holds `'` and no `"`; `\\`, the delimiter,
    /// `\t \n \r` escaped by name; every other byte outside 0x20...0x7E as lower-case `\xhh`.
    static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        let delimiter =
            bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\""))
            ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        buffer.reserveCapacity(buffer.count + bytes.count + 2)
        buffer.append(delimiter)
        for byte in bytes {
            switch byte {
            case delimiter, UInt8(ascii: "\\"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(byte)
            case UInt8(ascii: "\t"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "r"))
            case 0x20..<0x7F:
                buffer.append(byte)
            default:
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "x"))
                buffer.append(hexDigit(byte >> 4))
                buffer.append(hexDigit(byte & 0x0F))
            }
        }
        buffer.append(delimiter)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
