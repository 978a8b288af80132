/// Byte-level tests for HTTP's ASCII tokens, shared by the header readers that run on every request
/// (``ConnectionPersistence``, ``BrowserPolicy``, ``HTTPHeaders``) and so allocate nothing.
enum ASCIIBytes {
    /// `byte` with `A`–`Z` folded to `a`–`z`; every other byte as it is.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// Whether `byte` is a space or a tab, the whitespace HTTP allows around a header value and its parts.
    @inline(__always)
    static func isSpaceOrTab(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `range` of `bytes` without the spaces and tabs at either end.
    @inline(__always)
    static func trimmingSpacesAndTabs(_ range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, isSpaceOrTab(bytes[start]) { start += 1 }
        while end > start, isSpaceOrTab(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Whether `bytes`, with ASCII case folded, equal `lowercase`.
    @inline(__always)
    static func equalFoldingCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for index in bytes.indices where lowercased(bytes[index]) != lowercase[index] { return false }
        return true
    }
}
