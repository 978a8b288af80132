import Hypervisor
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// A simulated guest's memory as a migration carries it: as many bytes as the guest has (its memory
/// target), made in chunks of at most 1 MiB, never held whole.
///
/// The content is deterministic, so the receiver regenerates it and compares: 1 MiB of xorshift output
/// seeded by the guest's uuid, repeated, with the first 8 bytes of every 4 KiB page replaced by the page's
/// number (mixed with the seed), so no two pages of one guest are alike and a byte that is missing, out
/// of place or changed shows. Making a chunk is a copy and 256 small stores, cheap even in a debug build,
/// so a migration's time is the time its bytes take on the connection.
struct GuestMemoryStream {
    /// The most bytes one chunk has.
    static let chunkSize = 1 << 20
    /// The unit each stamp marks.
    static let pageSize = 4096

    /// The whole stream's length in bytes.
    let byteCount: UInt64
    private let seed: UInt64
    private let block: [UInt8]

    /// The stream of a guest with uuid `uuid` and `byteCount` bytes of memory.
    init(uuid: String, byteCount: UInt64) {
        self.byteCount = byteCount
        var state = AtomicFile.checksum(uuid.utf8) | 1
        seed = state
        var block = [UInt8](repeating: 0, count: Self.chunkSize)
        block.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            var index = 0
            while index < words.count {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
                index += 1
            }
        }
        self.block = block
    }

    /// How many chunks the stream has.
    var chunkCount: Int { Int((byteCount + UInt64(Self.chunkSize) - 1) / UInt64(Self.chunkSize)) }

    /// Chunk `index`'s bytes, written over `buffer` (which becomes the chunk's length).
    func chunk(_ index: Int, into buffer: inout [UInt8]) {
        let offset = UInt64(index) * UInt64(Self.chunkSize)
        let length = Int(min(UInt64(Self.chunkSize), byteCount - offset))
        if buffer.count != length {
            buffer = Array(block[0..<length])
        } else {
            buffer.withUnsafeMutableBytes { target in
                block.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[0..<length]))
                }
            }
        }
        let firstPage = offset / UInt64(Self.pageSize)
        let seed = self.seed
        buffer.withUnsafeMutableBytes { raw in
            var page = 0
            while page * Self.pageSize + 8 <= length {
                raw.storeBytes(
                    of: (seed ^ (firstPage + UInt64(page)) &* 0x9E37_79B9_7F4A_7C15).bigEndian,
                    toByteOffset: page * Self.pageSize, as: UInt64.self)
                page += 1
            }
        }
    }

    /// Sends the stream: its length (8 bytes, big-endian), then its bytes.
    func send(over channel: MigrationChannel) throws(XendError) {
        try channel.send(withUnsafeBytes(of: byteCount.bigEndian) { Array($0) })
        var buffer: [UInt8] = []
        for index in 0..<chunkCount {
            chunk(index, into: &buffer)
            try channel.send(buffer)
        }
    }

    /// Reads what ``send(over:)`` sent and checks every byte. A length other than this stream's fails at
    /// once, before anything else is read; a chunk that differs fails once the rest has been read, so the
    /// sender, done writing, hears why.
    /// - Throws: `Migration failed: ...` naming the first MiB that differs, or the connection's failure.
    func receive(over channel: MigrationChannel) throws(XendError) {
        let header = try channel.read(8)
        let announced = header.reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        guard announced == byteCount else {
            throw .migrationFailed(
                "the guest's memory is \(announced) bytes on the wire but \(byteCount) bytes in its state")
        }
        var expected: [UInt8] = []
        var arrived = [UInt8](repeating: 0, count: Self.chunkSize)
        var firstBad: Int?
        for index in 0..<chunkCount {
            chunk(index, into: &expected)
            if arrived.count != expected.count { arrived = [UInt8](repeating: 0, count: expected.count) }
            try channel.read(into: &arrived)
            guard firstBad == nil else { continue }
            let same = arrived.withUnsafeBytes { a in
                expected.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
            if !same { firstBad = index }
        }
        if let firstBad {
            throw .migrationFailed("the guest's memory arrived damaged, from MiB \(firstBad) on")
        }
    }
}
