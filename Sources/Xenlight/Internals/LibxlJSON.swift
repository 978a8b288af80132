internal import CLibxl

/// The one place that drives yajl (docs/architecture.md#where-c-is-allowed): a generator handle around
/// libxl's `*_gen_json`.
enum LibxlJSON {
    /// Runs `body` with a fresh yajl generator and returns the text it produced.
    static func generate(_ body: (yajl_gen) -> yajl_gen_status) throws(XenlightError) -> String {
        guard let generator = yajl_gen_alloc(nil) else { throw XenlightError.noMemory.in("yajl_gen_alloc") }
        defer { yajl_gen_free(generator) }
        let status = body(generator)
        guard status == yajl_gen_status_ok else {
            throw XenlightError(code: .fail, function: "libxl_gen_json (yajl status \(status.rawValue))")
        }
        var buffer: UnsafePointer<UInt8>?
        var length = 0
        guard yajl_gen_get_buf(generator, &buffer, &length) == yajl_gen_status_ok, let buffer else {
            throw XenlightError(code: .fail, function: "yajl_gen_get_buf")
        }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: length), as: UTF8.self)
    }
}
