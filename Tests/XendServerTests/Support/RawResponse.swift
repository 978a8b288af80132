/// One HTTP response split into its parts, checking the framing rules libvirt depends on:
/// every header line ends in CRLF and the header block ends with an empty CRLF line.
struct RawResponse: Equatable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    var statusLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var status: Int? { statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } }

    /// The header's value (name compared case-sensitively, to check capitalisation).
    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// Header names in the order sent.
    var headerNames: [String] { headers.map(\.name) }

    static func == (a: RawResponse, b: RawResponse) -> Bool {
        a.statusLine == b.statusLine && a.body == b.body
            && a.headers.map { "\($0.name): \($0.value)" } == b.headers.map { "\($0.name): \($0.value)" }
    }

    /// Every response in `bytes`, framed by Content-Length (absent means an empty body).
    static func parseAll(_ bytes: [UInt8], isHead: Bool = false) throws -> [RawResponse] {
        var responses: [RawResponse] = []
        var rest = bytes[...]
        while !rest.isEmpty {
            guard let (response, used) = try parseFirst(Array(rest), isHead: isHead) else {
                throw Failure(description: "incomplete response: \(String(decoding: rest, as: UTF8.self))")
            }
            responses.append(response)
            rest = rest.dropFirst(used)
        }
        return responses
    }

    /// The first complete response and the number of bytes it took, or `nil` when more bytes are needed.
    static func parseFirst(_ bytes: [UInt8], isHead: Bool = false) throws -> (response: RawResponse, used: Int)? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.firstRange(of: terminator) else { return nil }
        let head = bytes[..<end.lowerBound]
        var lines: [String] = []
        var lineStart = head.startIndex
        for index in head.indices where head[index] == 10 {
            guard index > lineStart, head[index - 1] == 13 else { throw Failure(description: "bare LF in header") }
            lines.append(String(decoding: head[lineStart..<(index - 1)], as: UTF8.self))
            lineStart = index + 1
        }
        lines.append(String(decoding: head[lineStart...], as: UTF8.self))
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header \(line)") }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            headers.append((String(line[..<colon]), String(value)))
        }
        let lengthText = headers.first { $0.0.lowercased() == "content-length" }?.1
        let length = isHead ? 0 : (lengthText.flatMap { Int($0) } ?? 0)
        let bodyStart = end.upperBound
        guard bytes.count >= bodyStart + length else { return nil }
        let response = RawResponse(
            statusLine: lines[0], headers: headers.map { (name: $0.0, value: $0.1) },
            body: Array(bytes[bodyStart..<(bodyStart + length)]))
        return (response, bodyStart + length)
    }
}
