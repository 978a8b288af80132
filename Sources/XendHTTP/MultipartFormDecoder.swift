/// Decodes a `multipart/form-data` body the way Python 2's `cgi.parse_multipart` did for xend
/// (`xm create` sent configuration files this way; vector #30).
///
/// The parser is line based, like the original: a line that is `--boundary` or `--boundary--`
/// (after trimming whitespace) ends a part; each part's headers end at an empty line; the part's
/// final line ending (`\r\n` or `\n`) is not part of its value. Parts without a `form-data`
/// Content-Disposition and a `name` are skipped. A missing closing boundary ends the form at the
/// end of the body.
public enum MultipartFormDecoder {
    /// Decodes `body` using `boundary` (the Content-Type's `boundary` parameter).
    /// - Throws: `FormDecodingError.invalidBoundary` for a boundary Python rejects, and
    ///   `.invalidUTF8` when a part's headers or value are not UTF-8.
    public static func decode(_ body: [UInt8], boundary: String) throws(FormDecodingError) -> FormParameters {
        guard isValid(boundary: boundary) else { throw .invalidBoundary }
        let nextPart = Array("--\(boundary)".utf8)
        let lastPart = nextPart + [.hyphen, .hyphen]
        let lines = splitLines(body)
        var index = 0
        var terminator: [UInt8] = []
        var parameters: FormParameters = [:]
        while terminator != lastPart {
            // The preamble before the first boundary has no headers and is discarded.
            let headers: HTTPHeaders? = terminator.isEmpty ? nil : try readHeaders(lines, &index)
            var valueLines: [ArraySlice<UInt8>] = []
            while true {
                guard index < lines.count else {
                    terminator = lastPart
                    break
                }
                let line = lines[index]
                index += 1
                if line.starts(with: [.hyphen, .hyphen]) {
                    terminator = Array(trimmingWhitespace(line))
                    if terminator == nextPart || terminator == lastPart { break }
                }
                valueLines.append(line)
            }
            guard let headers, let disposition = headers["Content-Disposition"] else { continue }
            let parsed = HeaderParameters(parsing: disposition)
            guard parsed.value == "form-data", let name = parsed.parameters["name"] else { continue }
            if var final = valueLines.popLast() {
                if final.count >= 2, final.suffix(2).elementsEqual([.carriageReturn, .lineFeed]) {
                    final = final.dropLast(2)
                } else if final.last == .lineFeed {
                    final = final.dropLast()
                }
                valueLines.append(final)
            }
            let value = try FormDecoder.text(Array(valueLines.joined()), place: "value of parameter \(name)")
            parameters[name, default: []].append(value)
        }
        return parameters
    }

    /// Python's `cgi.valid_boundary`: `^[ -~]{0,200}[!-~]$`.
    static func isValid(boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...201).contains(bytes.count), let last = bytes.last else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) } && last != .space
    }

    /// Lines including their `\n`; the last line may lack one.
    private static func splitLines(_ body: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (offset, byte) in body.enumerated() where byte == .lineFeed {
            lines.append(body[start...offset])
            start = offset + 1
        }
        if start < body.count { lines.append(body[start...]) }
        return lines
    }

    private static func readHeaders(_ lines: [ArraySlice<UInt8>], _ index: inout Int) throws(FormDecodingError)
        -> HTTPHeaders
    {
        var headers = HTTPHeaders()
        while index < lines.count {
            let line = lines[index]
            index += 1
            let content = trimmingLineEnd(line)
            if content.isEmpty { break }
            let text = try FormDecoder.text(Array(content), place: "multipart part headers")
            guard let colon = text.firstIndex(of: ":") else { continue }
            let value = text[text.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })
            headers.add(String(text[..<colon]), String(value))
        }
        return headers
    }

    private static func trimmingLineEnd(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        if line.last == .lineFeed { line = line.dropLast() }
        if line.last == .carriageReturn { line = line.dropLast() }
        return line
    }

    private static func trimmingWhitespace(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == .space || (0x09...0x0D).contains($0) }
        guard let first = line.firstIndex(where: { !isSpace($0) }),
            let last = line.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return line[first...last]
    }
}
