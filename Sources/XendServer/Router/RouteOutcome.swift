/// A handler's answer: status, extra headers (the original's `Location`), the reply, and whether the
/// original's stray `''` follows the body (directory listings and `GET /xend/domain/<dom>`).
struct RouteOutcome: Sendable {
    var status: Int = 200
    var headers: [(String, String)] = []
    var reply: HandlerReply
    var appendsEmptyString = false

    init(
        status: Int = 200, headers: [(String, String)] = [], reply: HandlerReply, appendsEmptyString: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.reply = reply
        self.appendsEmptyString = appendsEmptyString
    }
}
