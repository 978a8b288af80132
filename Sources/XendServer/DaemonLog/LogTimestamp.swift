import ThreadShards

#if canImport(Glibc)
    import Glibc
#endif

/// The time at the start of a log line: `YYYY-MM-DDTHH:MM:SSZ` in UTC. Formatted by hand from
/// `gmtime_r`, because `localtime` re-reads the time zone and the engine logs every request.
enum LogTimestamp {
    /// The bytes of a time stamp.
    static let length = 20

    /// The current time, as bytes.
    static func now() -> [UInt8] {
        withCurrentSecond { Array($0) }
    }

    /// Appends the current time to `bytes`.
    static func append(to bytes: inout [UInt8]) {
        withCurrentSecond { bytes.append(contentsOf: $0) }
    }

    /// Appends the current time to `line`, as ``append(to:)`` does.
    static func write(into line: inout ByteCursor) {
        withCurrentSecond { line.append($0) }
    }

    /// Calls `body` with the current second's text from this thread's cache (Sources/ThreadShards),
    /// formatting it first when the second changed: a busy daemon logs many lines a second, and a cache
    /// shared by the threads cost a lock and a contended cache line per line (docs/performance.md). The
    /// cache needs no lock, so a child forked while another thread logged can use it too.
    private static func withCurrentSecond<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let second = time(nil)
        let cache = currentThreadTimestampCache()
        // Layout: the second (8 bytes), whether it is set (1 byte), then the text from byte 16.
        let text = (cache + 16).assumingMemoryBound(to: UInt8.self)
        if cache.load(fromByteOffset: 8, as: UInt8.self) == 0 || cache.load(as: Int64.self) != Int64(second) {
            format(second).withUnsafeBufferPointer { text.update(from: $0.baseAddress!, count: length) }
            cache.storeBytes(of: Int64(second), as: Int64.self)
            cache.storeBytes(of: 1, toByteOffset: 8, as: UInt8.self)
        }
        return body(UnsafeBufferPointer(start: text, count: length))
    }

    /// `second` (seconds since the epoch) as `YYYY-MM-DDTHH:MM:SSZ`.
    static func format(_ second: time_t) -> [UInt8] {
        var now = second
        var parts = tm()
        gmtime_r(&now, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        bytes.append(UInt8(ascii: "Z"))
        return bytes
    }
}
