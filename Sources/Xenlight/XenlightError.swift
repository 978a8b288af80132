/// A libxl failure: the `ERROR_*` code and the libxl function that returned it.
///
/// A struct over the raw code (swift-system's `Errno` shape) so a code a newer libxl adds still fits.
public struct XenlightError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `ERROR_*` value (negative).
    public var code: ErrorCode
    /// The libxl function that failed, e.g. `libxl_domain_pause`.
    public var function: String

    public init(code: ErrorCode, function: String) {
        self.code = code
        self.function = function
    }

    /// The same error, attributed to `function`.
    func `in`(_ function: String) -> XenlightError {
        XenlightError(code: code, function: function)
    }

    public var description: String {
        "\(function) failed: \(code.libxlString ?? "error \(code.rawValue)") (\(code.rawValue))"
    }

    /// `ERROR_FAIL`
    public static let fail = XenlightError(code: .fail, function: "")
    /// `ERROR_INVAL`
    public static let invalid = XenlightError(code: .inval, function: "")
    /// `ERROR_NOMEM`
    public static let noMemory = XenlightError(code: .nomem, function: "")
    /// `ERROR_DOMAIN_NOTFOUND`
    public static let domainNotFound = XenlightError(code: .domainNotfound, function: "")
    /// `ERROR_NOTFOUND`
    public static let notFound = XenlightError(code: .notfound, function: "")
    /// `ERROR_NI` (not implemented)
    public static let notImplemented = XenlightError(code: .ni, function: "")

    /// Errors compare by code, so `catch let e where e ~= .domainNotFound` ignores the function.
    public static func ~= (pattern: XenlightError, value: XenlightError) -> Bool {
        pattern.code == value.code
    }
}
