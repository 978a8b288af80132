import Glibc

/// Lays out a structure, its arrays and its strings in one `malloc` block, so that C releases all of it
/// with one `free()`: the classic API's ownership rule for what `xend_get_*` return.
///
/// First reserve every part (``reserve(_:count:)``, ``reserve(string:)``), then ``allocate()`` once and
/// write through the pointers the offsets give.
struct FlatLayout {
    private(set) var size = 0

    /// Reserves room for `count` values of `type`, aligned for it; returns the offset.
    mutating func reserve<T>(_ type: T.Type, count: Int = 1) -> Int {
        let alignment = MemoryLayout<T>.alignment
        size = (size + alignment - 1) / alignment * alignment
        let offset = size
        size += MemoryLayout<T>.stride * count
        return offset
    }

    /// Reserves room for a NUL-terminated copy of `string`; returns the offset.
    mutating func reserve(string: String) -> Int {
        let offset = size
        size += string.utf8.count + 1
        return offset
    }

    /// Allocates the block, zero-filled, or returns `nil` when memory is short.
    func allocate() -> FlatBlock? {
        guard let base = calloc(1, max(size, 1)) else { return nil }
        return FlatBlock(base: base)
    }
}

/// The block a ``FlatLayout`` allocated; pointers into it by offset.
struct FlatBlock {
    let base: UnsafeMutableRawPointer

    /// The value of `type` at `offset`.
    func pointer<T>(_ type: T.Type, at offset: Int) -> UnsafeMutablePointer<T> {
        base.advanced(by: offset).assumingMemoryBound(to: type)
    }

    /// Copies `string` and its terminator to `offset`; returns the copy.
    func write(_ string: String, at offset: Int) -> UnsafeMutablePointer<CChar> {
        let target = pointer(CChar.self, at: offset)
        let utf8 = string.utf8
        let copied = utf8.withContiguousStorageIfAvailable { bytes in
            if let source = bytes.baseAddress { memcpy(target, source, bytes.count) }
            return bytes.count
        }
        var index = copied ?? 0
        if copied == nil {
            for byte in utf8 {
                target[index] = CChar(bitPattern: byte)
                index += 1
            }
        }
        target[index] = 0
        return target
    }
}
