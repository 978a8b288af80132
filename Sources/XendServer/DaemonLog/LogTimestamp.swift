import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The time at the start of a log line: `YYYY-MM-DDTHH:MM:SSZ` in UTC. Formatted by hand from
/// `gmtime_r`, because `localtime` re-reads the time zone and the engine logs every request.
enum LogTimestamp {
    /// The second last formatted and its text: a busy daemon logs many lines within one second.
    private static let lastSecond = Mutex<(second: time_t, text: [UInt8])>((-1, []))

    /// The bytes of a time stamp.
    static let length = 20

    /// The current time, as bytes.
    static func now() -> [UInt8] {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return bytes
    }

    /// Appends the current time to `bytes`, copied from the second's shared text under its lock.
    static func append(to bytes: inout [UInt8]) {
        let second = time(nil)
        lastSecond.withLock { last in
            if last.second != second { last = (second, format(second)) }
            bytes.append(contentsOf: last.text)
        }
    }

    /// Appends the current time to `line`, as ``append(to:)`` does.
    static func write(into line: inout ByteCursor) {
        let second = time(nil)
        lastSecond.withLock { last in
            if last.second != second { last = (second, format(second)) }
            last.text.withUnsafeBufferPointer { line.append($0) }
        }
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
