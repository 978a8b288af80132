import Testing

@testable import XendHTTP

/// What the engine keeps from one request for the next must give what building anew gives.
@Suite("Decoded targets and known strings")
struct EngineReuseTests {
    /// Every decoded field of `request`, as text to compare.
    static func decodedFields(_ request: HTTPRequest) -> String {
        let parameters = [request.queryParameters, request.bodyParameters, request.parameters].map { dictionary in
            dictionary.keys.sorted().map { "\($0)=\(dictionary[$0] ?? [])" }.joined(separator: "&")
        }
        return "\(request.rawPath)|\(request.rawQuery ?? "nil")|\(request.pathSegments)|\(parameters)|"
            + "\(request.decodingError?.message ?? "nil")"
    }

    @Test("a kept decoding equals decoding anew, for the same target and content type only")
    func decodedTargets() {
        let targets = [
            "/xend/node/", "/xend/node/", "/xend/domain?detail=1", "/xend/domain?detail=1", "/xend/domain?detail=2",
            "/xend/domain/%C3%A9", "/xend/domain/%ZZ", "/xend/domain/%ff", "http://host/xend/node", "/x#frag?q",
            "/xend/node/", "/xend/domain?op=a&op=b", "", "/",
        ]
        let contentTypes: [String?] = [
            nil, "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
            "text/plain",
        ]
        let kept = DecodedTargets()
        // Each target with each content type, then again in another order, so that some requests find the
        // previous one kept and others do not.
        var cases: [(String, String?)] = []
        for target in targets { for contentType in contentTypes { cases.append((target, contentType)) } }
        for contentType in contentTypes { for target in targets { cases.append((target, contentType)) } }
        for (target, contentType) in cases {
            let headers: HTTPHeaders = contentType.map { ["Content-Type": $0] } ?? [:]
            let fresh = HTTPRequest.decoding(
                method: "GET", target: target, version: "HTTP/1.1", headers: headers, body: [], transport: .unix,
                peerAddress: nil, startNanoseconds: 0)
            let reused = HTTPRequest.decoding(
                method: "GET", target: target, version: "HTTP/1.1", headers: headers, body: [], transport: .unix,
                peerAddress: nil, startNanoseconds: 0, decodedTargets: kept)
            #expect(Self.decodedFields(reused) == Self.decodedFields(fresh), "\(target) \(contentType ?? "-")")
        }
        // A multipart type without a boundary fails even without a body; kept or not.
        let failing = HTTPRequest.decoding(
            method: "GET", target: "/xend/node/", version: "HTTP/1.1", headers: ["Content-Type": "multipart/form-data"],
            body: [], transport: .unix, peerAddress: nil, startNanoseconds: 0, decodedTargets: kept)
        #expect(failing.decodingError != nil)
        // A body is decoded every time.
        let posted = HTTPRequest.decoding(
            method: "POST", target: "/xend/node/", version: "HTTP/1.1",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("op=x".utf8), transport: .unix,
            peerAddress: nil, startNanoseconds: 0, decodedTargets: kept)
        #expect(posted.parameters == ["op": ["x"]])
    }

    @Test(
        "known strings are the bytes' own text",
        arguments: [
            "GET", "HEAD", "POST", "get", "GE", "GETS", "PUT", "", "HTTP/1.1", "HTTP/1.0", "HTTP/2", "Host", "host",
            "Connection", "Content-type", "keep-alive", "Keep-Alive", "close ", "caf\u{E9}",
        ])
    func knownStrings(text: String) {
        let bytes = Array(text.utf8)
        for table in [KnownStrings.methods, KnownStrings.versions, KnownStrings.headerNames, KnownStrings.headerValues]
        {
            let known = bytes.withUnsafeBytes { table.string($0) }
            #expect(known == text && Array(known.utf8) == bytes)
            let fromCString = text.withCString { table.string(cString: $0) }
            #expect(fromCString == text)
        }
    }

    @Test("bytes that are not UTF-8 are repaired as String(decoding:) repairs them")
    func invalidBytes() {
        let bytes: [UInt8] = [0x47, 0xFF, 0x54]
        let expected = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.withUnsafeBytes { KnownStrings.methods.string($0) } == expected)
        #expect(bytes.withUnsafeBytes { KnownStrings.headerNames.string($0) } == expected)
    }
}
