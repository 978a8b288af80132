/// How a reply is represented, chosen per request from its `Accept` and `User-Agent` headers.
///
/// The original's rule (docs/protocol.md#content-negotiation): S-expressions when `User-Agent` or `Accept` is missing
/// or `Accept` contains `application/sxp`, otherwise HTML. Added here: JSON when `Accept` contains
/// `application/json` (and not `application/sxp`).
import XendHTTP

enum Representation: Sendable, Hashable {
    case sxp
    case json
    case html

    init(headers: HTTPHeaders) {
        let accept = headers["Accept"]?.lowercased()
        if let accept, accept.contains("application/sxp") {
            self = .sxp
        } else if let accept, accept.contains("application/json") {
            self = .json
        } else if accept == nil || headers["User-Agent"] == nil {
            self = .sxp
        } else {
            self = .html
        }
    }
}
