/// The newest lines of the daemon's log, at most `capacity` bytes of them: appending drops the oldest
/// lines whole, so the text always starts at the beginning of a line.
struct LogLineRing: Sendable {
    /// The most bytes kept.
    let capacity: Int
    private var lines: [[UInt8]] = []
    /// Index of the oldest line still kept; lines before it are dropped (compacted now and then).
    private var first = 0
    private(set) var byteCount = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Keeps `line` (which ends with its newline); a line longer than the whole ring keeps its end.
    mutating func append(_ line: [UInt8]) {
        let kept = line.count > capacity ? Array(line.suffix(capacity)) : line
        lines.append(kept)
        byteCount += kept.count
        while byteCount > capacity {
            byteCount -= lines[first].count
            first += 1
        }
        if first > 64 && first * 2 > lines.count {
            lines.removeFirst(first)
            first = 0
        }
    }

    /// The kept lines, oldest first.
    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        for line in lines[first...] { bytes.append(contentsOf: line) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
