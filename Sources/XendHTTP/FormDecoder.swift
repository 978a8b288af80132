/// Request parameters: every name maps to the list of its values, in the order they were sent.
public typealias FormParameters = [String: [String]]

/// Decodes paths, query strings and urlencoded bodies exactly as the original daemon did
/// (Python 2 `urllib.unquote` and `cgi.parse_qs`; docs/protocol.md#request-parameters).
///
/// The rules that surprise people, kept on purpose because clients were written against them:
/// pairs split on `&` and on `;`; `+` becomes a space; an invalid `%` escape stays literally;
/// parentheses, quotes, slashes and colons sent raw by libvirt pass through untouched.
public enum FormDecoder {
    /// Decodes `a=1&b=2;b=3` into `["a": ["1"], "b": ["2", "3"]]`.
    ///
    /// - Parameters:
    ///   - encoded: the raw query string (without `?`) or urlencoded body.
    ///   - keepBlankValues: `false` for query strings (a pair with an empty value, or without `=`,
    ///     is dropped), `true` for bodies (kept as `""`).
    /// - Throws: `FormDecodingError.invalidUTF8` when a decoded name or value is not UTF-8.
    public static func decode(
        _ encoded: some Collection<UInt8>,
        keepBlankValues: Bool
    ) throws(FormDecodingError) -> FormParameters {
        var parameters: FormParameters = [:]
        if encoded.isEmpty { return parameters }
        let separators: (UInt8) -> Bool = { $0 == .ampersand || $0 == .semicolon }
        for pair in Array(encoded).split(omittingEmptySubsequences: true, whereSeparator: separators) {
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = pair.firstIndex(of: .equals) {
                name = pair[pair.startIndex..<equals]
                value = pair[(equals + 1)...]
            } else {
                guard keepBlankValues else { continue }
                name = pair
                value = []
            }
            guard keepBlankValues || !value.isEmpty else { continue }
            let decodedName = try decodeComponent(name, place: "parameter name")
            let decodedValue = try decodeComponent(value, place: "value of parameter \(decodedName)")
            parameters[decodedName, default: []].append(decodedValue)
        }
        return parameters
    }

    /// `unquote_plus` then UTF-8, skipping the copy for the common component with nothing to decode.
    private static func decodeComponent(_ bytes: ArraySlice<UInt8>, place: String) throws(FormDecodingError) -> String {
        if !bytes.contains(where: { $0 == .percent || $0 == .plus }),
            let plain = String(validating: bytes, as: UTF8.self)
        {
            return plain
        }
        return try text(unquote(bytes, plusAsSpace: true), place: place)
    }

    /// Splits a request path after its leading `/` and %-decodes each segment (`+` stays `+`).
    /// Empty segments are kept: `/xend/domain/` gives `["xend", "domain", ""]`.
    /// - Throws: `FormDecodingError.invalidUTF8` when a segment is not UTF-8 once decoded.
    public static func pathSegments(_ rawPath: String) throws(FormDecodingError) -> [String] {
        if let plain = plainPathSegments(rawPath) { return plain }
        // Bytes, not Characters: `/` followed by a combining mark is one Character (found by FuzzFormDecoder).
        var path = Substring(rawPath).utf8
        if path.first == .slash { path = path.dropFirst() }
        var segments: [String] = []
        for segment in path.split(separator: .slash, omittingEmptySubsequences: false) {
            if segment.contains(.percent) {
                segments.append(try text(unquote(segment, plusAsSpace: false), place: "request path"))
            } else {
                segments.append(String(Substring(segment)))
            }
        }
        return segments
    }

    /// The common path, without `%`: split over the string's own UTF-8 storage, one `String` per
    /// segment and no intermediate slices; `nil` sends the path to the general decoder.
    /// Splitting at the ASCII `/` keeps every segment valid UTF-8.
    static func plainPathSegments(_ rawPath: String) -> [String]? {
        var path = rawPath
        return path.withUTF8 { bytes -> [String]? in
            var segments: [String] = []
            segments.reserveCapacity(4)
            var start = bytes.first == .slash ? 1 : 0
            for index in start..<max(start, bytes.count) {
                switch bytes[index] {
                case .percent:
                    return nil
                case .slash:
                    let segment = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    segments.append(String(decoding: segment, as: UTF8.self))
                    start = index + 1
                default:
                    continue
                }
            }
            segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return segments
        }
    }

    /// Python 2 `urllib.unquote` on bytes (with `unquote_plus` when `plusAsSpace`):
    /// `%` followed by two hex digits becomes that byte; any other `%` is kept literally.
    public static func unquote(_ bytes: some Collection<UInt8>, plusAsSpace: Bool) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == .percent, index + 2 < input.count, let high = hexValue(input[index + 1]),
                let low = hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
                continue
            }
            output.append(plusAsSpace && byte == .plus ? .space : byte)
            index += 1
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func text(_ bytes: [UInt8], place: String) throws(FormDecodingError) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8(in: place)
        }
        return string
    }
}

extension UInt8 {
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let equals = UInt8(ascii: "=")
    static let percent = UInt8(ascii: "%")
    static let plus = UInt8(ascii: "+")
    static let space = UInt8(ascii: " ")
    static let slash = UInt8(ascii: "/")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let hyphen = UInt8(ascii: "-")
}
