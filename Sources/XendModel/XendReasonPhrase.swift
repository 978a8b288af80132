/// The reason phrases of the original daemon's status lines that depend on the request.
///
/// xm 3.0.x showed the phrase as its error message (`Error: Request failed: pause`) and printed
/// "Domain 'x' not found" only when a 404's phrase was exactly `Not found`, so the phrase is part of
/// the protocol. The phrases that depend only on the code (`200 OK`, `202 Accepted`, `404 Not found`,
/// `406 Invalid request`, `500 Internal server error`, `501 Not implemented`, ...) are the engine's.
public enum XendReasonPhrase {
    /// The phrase of an answer with `status` to a `method` request carrying the single `op`, or `nil`
    /// when the code's own phrase applies:
    /// - `500 Request failed: <op>` for an op that failed (POST, or GET's `op=vcpuinfo`),
    /// - `501 Operation not implemented: <op>` for a POST with an unknown op,
    /// - `201 created`, lower-case, for op=create (op=restore's 201 keeps `Created`).
    public static func phrase(status: Int, method: String, op: String?) -> String? {
        guard let op, method == "POST" || op == "vcpuinfo" else { return nil }
        switch status {
        case 500: return "Request failed: \(op)"
        case 501 where method == "POST": return "Operation not implemented: \(op)"
        case 201 where op == "create": return "created"
        default: return nil
        }
    }
}
