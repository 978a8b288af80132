internal import CXendShims

/// The engine's answer to a request line libmicrohttpd cannot parse (`GARBAGE`). MHD never calls the
/// daemon for such a line, so Sources/CXendShims/MHDUnparsableLine.c writes these bytes itself just
/// before MHD shuts the connection (docs/wire-compatibility.md, "Unparsable request lines").
enum UnparsableRequestLine {
    /// The same bytes libmicrohttpd writes for the engine's other errors: the original's status line
    /// `400 Bad request`, `Connection: close`, the response's headers with the no-cache ones,
    /// `Content-Length`, and an `(xend.err ...)` body.
    static let answer: [UInt8] = {
        let response = HTTPResponse.xendError("Bad request syntax", status: 400)
        var headers = HTTPHeaders([("Connection", "close")])
        for field in response.headers { headers.add(field.name, field.value) }
        for (name, value) in HTTPResponse.noCacheHeaders where !headers.contains(name) {
            headers.add(name, value)
        }
        headers.add("Content-Length", String(response.body.count))
        var text = "HTTP/1.1 400 Bad request\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        return Array((text + "\r\n").utf8) + response.body
    }()

    /// Hands the answer to the C side; only the first call has an effect.
    static func install() {
        answer.withUnsafeBytes { bytes in
            bytes.withMemoryRebound(to: CChar.self) { CXendShims_set_unparsable_line_answer($0.baseAddress, $0.count) }
        }
    }
}
