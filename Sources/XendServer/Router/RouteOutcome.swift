import XendHTTP

/// A handler's answer: status, extra headers (the original's `Location`), the reply, and whether the
/// original's stray `''` follows the body (directory listings and `GET /xend/domain/<dom>`).
struct RouteOutcome: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var reply: HandlerReply
    var appendsEmptyString = false
    /// While this says so, the response may be sent again to an identical request (``ResponseReplay``).
    var replay: (any ResponseReplay)? = nil

    // The memberwise initialiser, `init(status:headers:reply:appendsEmptyString:)` with the defaults above:
    // an initialiser assigning the fields one by one made the optimiser copy the outcome once more.
}
