#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where ``HTTPReplyReader`` gets its bytes: a socket, or a test's canned pieces.
protocol ReplyByteSource {
    /// Appends the next bytes to `buffer`; returns how many, 0 at the end of the stream.
    mutating func receive(into buffer: inout [UInt8]) throws(SocketConnection.Failure) -> Int
}

/// Reads one HTTP/1.x reply from a byte stream: the status line and headers, then a body framed by
/// `Content-Length`, by chunks, or by the end of the stream; interim 1xx replies are skipped.
struct HTTPReplyReader<Source: ReplyByteSource> {
    /// A whole reply, and whether the connection may carry another request.
    struct Reply {
        var response: XendResponse
        var keepsConnection: Bool
    }

    /// Why no reply was read.
    enum Failure: Error, Equatable {
        /// The stream ended (`nil`) or failed (the errno) before the first byte of a reply.
        case nothingReceived(Int32?)
        /// The deadline passed.
        case timedOut
        /// The bytes are not an HTTP reply, or the stream ended or failed inside one.
        case malformed(String, status: Int?)
        /// The body is longer than the limit.
        case tooLarge(limit: Int, status: Int)
    }

    private var source: Source
    private let maximumBodyBytes: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var isAtEnd = false

    init(source: Source, maximumBodyBytes: Int) {
        self.source = source
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Reads the reply to a request; `isHeadRequest` for a reply that has no body whatever its headers say.
    mutating func read(isHeadRequest: Bool = false) throws(Failure) -> Reply {
        var head = try readHead()
        while (100..<200).contains(head.status) && head.status != 101 { head = try readHead() }
        var body: [UInt8] = []
        var closeDelimited = false
        if isHeadRequest || head.status == 204 || head.status == 304 || (100..<200).contains(head.status) {
            // No body.
        } else if head.isChunked {
            body = try readChunks(status: head.status)
        } else if let length = head.contentLength {
            guard length <= maximumBodyBytes else { throw .tooLarge(limit: maximumBodyBytes, status: head.status) }
            try need(length, status: head.status)
            body = Array(buffer[position..<position + length])
            position += length
        } else {
            closeDelimited = true
            while try fill(status: head.status) > 0 {
                guard buffer.count - position <= maximumBodyBytes else {
                    throw .tooLarge(limit: maximumBodyBytes, status: head.status)
                }
            }
            body = Array(buffer[position...])
            position = buffer.count
        }
        let response = XendResponse(status: head.status, reason: head.reason, contentType: head.contentType, body: body)
        // Bytes after the reply were never asked for: such a connection is not reused.
        let keeps = head.keepsAlive && !closeDelimited && position == buffer.count
        return Reply(response: response, keepsConnection: keeps)
    }

    /// The status line and headers.
    private struct Head {
        var status: Int
        var reason: String
        var contentType: String?
        var contentLength: Int?
        var isChunked = false
        var keepsAlive: Bool
    }

    private mutating func readHead() throws(Failure) -> Head {
        let start = position
        var searched = start
        var end: Int?
        while end == nil {
            end = Self.find([13, 10, 13, 10], in: buffer, from: searched)
            if end != nil { break }
            guard buffer.count - start < 65536 else {
                throw .malformed("the reply's header is over 64 KiB", status: nil)
            }
            searched = max(start, buffer.count - 3)
            if try fill(status: nil) == 0 {
                throw buffer.count == start && start == 0
                    ? .nothingReceived(nil)
                    : .malformed(
                        "the connection closed inside the reply's header", status: nil)
            }
        }
        guard let end else { throw .malformed("no header", status: nil) }
        position = end + 4
        // One pass over the lines; only the values the client reads become strings.
        var head: Head?
        var transferEncoding: String?
        var lineStart = start
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end && buffer[lineEnd] != 10 { lineEnd += 1 }
            let contentEnd = lineEnd > lineStart && buffer[lineEnd - 1] == 13 ? lineEnd - 1 : lineEnd
            let line = buffer[lineStart..<contentEnd]
            lineStart = lineEnd + 1
            guard var current = head else {
                head = try Self.statusLine(line)
                continue
            }
            defer { head = current }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw .malformed("a header line without a colon", status: current.status)
            }
            let name = line[..<colon]
            let value = Self.trimmedBytes(line[(colon + 1)...])
            if Self.equalsIgnoringCase(name, "content-length") {
                guard let length = Self.decimal(value), current.contentLength.map({ $0 == length }) ?? true else {
                    throw .malformed(
                        "a bad Content-Length header: \(String(decoding: value, as: UTF8.self))", status: current.status
                    )
                }
                current.contentLength = length
            } else if Self.equalsIgnoringCase(name, "content-type") {
                current.contentType = current.contentType ?? String(decoding: value, as: UTF8.self)
            } else if Self.equalsIgnoringCase(name, "transfer-encoding") {
                transferEncoding = String(decoding: value, as: UTF8.self).lowercased()
            } else if Self.equalsIgnoringCase(name, "connection") {
                // Compared as bytes: a String split by Characters cost more than the rest of the header.
                var (close, keepAlive) = (false, false)
                for token in value.split(separator: UInt8(ascii: ",")) {
                    let trimmed = Self.trimmedBytes(token)
                    close = close || Self.equalsIgnoringCase(trimmed, "close")
                    keepAlive = keepAlive || Self.equalsIgnoringCase(trimmed, "keep-alive")
                }
                if close {
                    current.keepsAlive = false
                } else if keepAlive {
                    current.keepsAlive = true
                }
            }
        }
        guard var head else { throw .malformed("no status line", status: nil) }
        if let transferEncoding {
            // Chunked when it is the last coding; otherwise the body runs to the end of the stream.
            head.isChunked = transferEncoding.split(separator: ",").last?.trimmingSpaces == "chunked"
            head.contentLength = nil
            if !head.isChunked { head.keepsAlive = false }
        }
        return head
    }

    /// `HTTP/1.x SSS reason`.
    private static func statusLine(_ line: ArraySlice<UInt8>) throws(Failure) -> Head {
        let bytes = Array(line)
        let prefix = Array("HTTP/1.".utf8)
        guard bytes.count >= 12, bytes.starts(with: prefix), bytes[8] == 32,
            let status = decimal(bytes[9..<12]), status >= 100,
            bytes.count == 12 || bytes[12] == 32
        else {
            throw .malformed(
                "not an HTTP status line: \(String(decoding: bytes.prefix(80), as: UTF8.self))", status: nil)
        }
        let isHTTP11 = bytes[7] != UInt8(ascii: "0")
        return Head(status: status, reason: String(decoding: bytes.dropFirst(13), as: UTF8.self), keepsAlive: isHTTP11)
    }

    /// The value of 1 to 18 ASCII digits, else `nil`.
    private static func decimal(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard (1...18).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Without leading and trailing spaces and tabs.
    private static func trimmedBytes(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 32 || first == 9 { slice = slice.dropFirst() }
        while let last = slice.last, last == 32 || last == 9 { slice = slice.dropLast() }
        return slice
    }

    /// A chunked body: `SIZE[;ext]` lines, each followed by that many bytes and a line end, until size 0,
    /// then trailer lines up to an empty one.
    private mutating func readChunks(status: Int) throws(Failure) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine(status: status)
            let sizeText = line.prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(Self.trimmed(sizeText), radix: 16), size >= 0 else {
                throw .malformed("a bad chunk size", status: status)
            }
            if size == 0 { break }
            guard body.count + size <= maximumBodyBytes else {
                throw .tooLarge(limit: maximumBodyBytes, status: status)
            }
            try need(size + 2, status: status)
            body.append(contentsOf: buffer[position..<position + size])
            guard buffer[position + size] == 13, buffer[position + size + 1] == 10 else {
                throw .malformed("a chunk without its line end", status: status)
            }
            position += size + 2
        }
        while try !readLine(status: status).isEmpty {}
        return body
    }

    /// The next line, without its CRLF.
    private mutating func readLine(status: Int) throws(Failure) -> [UInt8] {
        var searched = position
        while true {
            if let end = Self.find([13, 10], in: buffer, from: searched) {
                let line = Array(buffer[position..<end])
                position = end + 2
                return line
            }
            guard buffer.count - position < 4096 else { throw .malformed("a chunk line over 4 KiB", status: status) }
            searched = max(position, buffer.count - 1)
            if try fill(status: status) == 0 {
                throw .malformed("the connection closed inside the reply's body", status: status)
            }
        }
    }

    /// Reads until `count` bytes after `position` are buffered.
    private mutating func need(_ count: Int, status: Int) throws(Failure) {
        while buffer.count - position < count {
            if try fill(status: status) == 0 {
                throw .malformed("the connection closed inside the reply's body", status: status)
            }
        }
    }

    /// Reads more; 0 at the end of the stream. `status` is the reply's, once its header was read.
    private mutating func fill(status: Int?) throws(Failure) -> Int {
        guard !isAtEnd else { return 0 }
        let received: Int
        do {
            received = try source.receive(into: &buffer)
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .system(let code):
                guard !buffer.isEmpty else { throw .nothingReceived(code) }
                throw .malformed("reading the reply failed: \(String(cString: strerror(code)))", status: status)
            }
        }
        if received == 0 { isAtEnd = true }
        return received
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= pattern.count, start <= bytes.count - pattern.count else { return nil }
        return bytes.withUnsafeBufferPointer { all in
            var index = start
            let last = all.count - pattern.count
            while index <= last {
                if all[index] == pattern[0] {
                    var matched = true
                    for offset in 1..<pattern.count where all[index + offset] != pattern[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private static func trimmed(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).trimmingSpaces
    }

    private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        // `name` is lower case; fold only the letters of `bytes`.
        let lower = name.utf8Start
        var offset = 0
        for byte in bytes {
            guard ((65...90).contains(byte) ? byte | 0x20 : byte) == lower[offset] else { return false }
            offset += 1
        }
        return true
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
