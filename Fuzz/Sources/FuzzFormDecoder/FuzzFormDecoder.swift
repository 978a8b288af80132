import XendHTTP

// libFuzzer entry point (libFuzzer brings `main`). The form decoders must decode or refuse any bytes,
// never crash. Whatever a urlencoded body decodes to, encoding it again (every byte %-escaped) and
// decoding that must give the same parameters: nothing is lost or invented on the way.
// The first input byte picks the decoder, so one corpus exercises all of them.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let input = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch selector % 4 {
    case 0, 1:
        let keepBlank = selector % 4 == 0
        guard let parameters = try? FormDecoder.decode(input, keepBlankValues: keepBlank) else { return 0 }
        let again: FormParameters
        do {
            again = try FormDecoder.decode(reencode(parameters), keepBlankValues: keepBlank)
        } catch {
            fatalError("re-encoded parameters do not decode: \(error) from \(parameters)")
        }
        precondition(again == parameters, "round trip changed \(parameters) into \(again)")
    case 2:
        // Boundary up to the first newline, the rest is the body.
        let split = input.firstIndex(of: 10) ?? input.count
        guard let boundary = String(validating: input[..<split], as: UTF8.self) else { return 0 }
        _ = try? MultipartFormDecoder.decode(Array(input[min(input.count, split + 1)...]), boundary: boundary)
    default:
        guard let path = String(validating: input, as: UTF8.self) else { return 0 }
        if let segments = try? FormDecoder.pathSegments(path) {
            // One segment per `/` byte after the leading one (%2F inside a segment does not split it).
            let slashes = path.utf8.filter { $0 == UInt8(ascii: "/") }.count
            let expected = slashes - (path.utf8.first == UInt8(ascii: "/") ? 1 : 0) + 1
            precondition(segments.count == expected, "segment count of \(Array(path.utf8)): \(segments)")
        }
        let request = HTTPRequest(method: "GET", target: path)
        precondition(request.decodingError != nil || request.pathSegments.count >= 1, "no segments for \(path)")
    }
    return 0
}

/// `name=value` pairs joined by `&`, every byte %-escaped, values in their original order.
private func reencode(_ parameters: FormParameters) -> [UInt8] {
    var out: [UInt8] = []
    for (name, values) in parameters {
        for value in values {
            if !out.isEmpty { out.append(UInt8(ascii: "&")) }
            escape(name, into: &out)
            out.append(UInt8(ascii: "="))
            escape(value, into: &out)
        }
    }
    return out
}

private func escape(_ text: String, into out: inout [UInt8]) {
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text.utf8 {
        out.append(UInt8(ascii: "%"))
        out.append(hex[Int(byte >> 4)])
        out.append(hex[Int(byte & 15)])
    }
}
