/// The newest lines of the daemon's log, at most `capacity` bytes of them, always starting at the
/// beginning of a line (a single line longer than the ring keeps its end).
///
/// A circular buffer of bytes: appending copies a line in over the oldest bytes, with no allocation
/// and no moving of what is kept. ``text`` drops the oldest line when only its end is left.
struct LogLineRing: Sendable {
    /// The most bytes kept.
    let capacity: Int
    /// The bytes; once it holds `capacity` of them, the oldest is at `next`.
    private var storage: [UInt8] = []
    /// Where the next byte goes once `storage` is full.
    private var next = 0
    /// Whether the last byte overwritten ended a line: then the oldest kept byte starts one.
    private var oldestStartsLine = true

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        storage.reserveCapacity(self.capacity)
    }

    /// Keeps `line`, which ends with its newline.
    mutating func append(_ line: UnsafeBufferPointer<UInt8>) {
        guard let source = line.baseAddress else { return }
        if line.count >= capacity {
            storage = Array(line.suffix(capacity))
            (next, oldestStartsLine) = (0, line.count == capacity)
            return
        }
        var copied = 0
        if storage.count < capacity {
            copied = min(capacity - storage.count, line.count)
            storage.append(contentsOf: UnsafeBufferPointer(start: source, count: copied))
            if copied == line.count { return }
        }
        let count = line.count - copied
        let end = next + count
        oldestStartsLine = storage[(end - 1) % capacity] == UInt8(ascii: "\n")
        let (capacity, next) = (capacity, next)
        storage.withUnsafeMutableBufferPointer { ring in
            guard let ring = ring.baseAddress else { return }
            let first = min(capacity - next, count)
            (ring + next).update(from: source + copied, count: first)
            ring.update(from: source + copied + first, count: count - first)
        }
        self.next = end % capacity
    }

    /// The kept lines, oldest first.
    private var kept: ArraySlice<UInt8> {
        let ordered = storage.count < capacity ? storage[...] : (storage[next...] + storage[..<next])[...]
        if oldestStartsLine { return ordered }
        // Only the end of the oldest line is left: drop it, unless it is the only line.
        guard let newline = ordered.firstIndex(of: UInt8(ascii: "\n")), newline + 1 < ordered.endIndex else {
            return ordered
        }
        return ordered[(newline + 1)...]
    }

    /// How many bytes ``text`` has.
    var byteCount: Int { kept.count }

    /// The kept lines, oldest first.
    var text: String {
        String(decoding: kept, as: UTF8.self)
    }
}
