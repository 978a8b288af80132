import CLibxl

/// Why a smoke step failed, in words fit for a `FAIL name: reason` line.
struct SmokeFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A failed libxl call, named with its C function and libxl's own name for the error code.
    init(libxl function: StaticString, rc: CInt) {
        let name = libxl_error_to_string(libxl_error(rawValue: rc)).map { String(cString: $0) } ?? "unknown"
        self.description = "\(function) returned \(rc) (ERROR_\(name.uppercased()))"
    }
}

/// Throws a `SmokeFailure` naming `function` unless libxl returned 0.
func checkLibxl(_ rc: CInt, _ function: StaticString) throws(SmokeFailure) {
    guard rc == 0 else { throw SmokeFailure(libxl: function, rc: rc) }
}
