/// The one place libxl return codes become Swift errors (docs/architecture.md#where-c-is-allowed).
///
/// libxl returns 0 on success and a negative `ERROR_*` code on failure (libxl.h, "libxl_error").
func check(_ rc: CInt, _ function: String) throws(XenlightError) {
    guard rc < 0 else { return }
    throw XenlightError(code: ErrorCode(rawValue: rc), function: function)
}
