/// The parts of an HTTP/1.x request as libmicrohttpd hands them to the engine: request line, header
/// fields split at the first colon with blanks trimmed, and the body after the empty line. Returns `nil`
/// where MHD would answer by itself (no request line, a target that is not UTF-8, a header without a colon).
struct RawRequest {
    var method: String
    var target: String
    var version: String
    var headers: [(String, String)]
    var body: [UInt8]

    init?(parsing bytes: [UInt8]) {
        let crlf: [UInt8] = [13, 10]
        var lines: [[UInt8]] = []
        var start = 0
        var index = 0
        var bodyStart = bytes.count
        while index + 1 < bytes.count {
            if bytes[index] == crlf[0] && bytes[index + 1] == crlf[1] {
                let line = Array(bytes[start..<index])
                index += 2
                start = index
                if line.isEmpty && !lines.isEmpty {
                    bodyStart = index
                    break
                }
                lines.append(line)
            } else {
                index += 1
            }
        }
        if bodyStart == bytes.count && start < bytes.count && lines.isEmpty { lines.append(Array(bytes[start...])) }
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: 32, omittingEmptySubsequences: true)
        guard parts.count == 3, let target = String(validating: parts[1], as: UTF8.self) else { return nil }
        method = String(decoding: parts[0], as: UTF8.self)
        self.target = target
        version = String(decoding: parts[2], as: UTF8.self)
        headers = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            headers.append((name, value.trimmingBlanks()))
        }
        body = bodyStart < bytes.count ? Array(bytes[bodyStart...]) : []
    }
}

extension String {
    fileprivate func trimmingBlanks() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
