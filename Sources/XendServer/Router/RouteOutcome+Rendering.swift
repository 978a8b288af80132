import SExpression
import XendHTTP
import XendModel

extension RouteOutcome {
    /// The HTTP response for this outcome in `representation`.
    func response(as representation: Representation) -> HTTPResponse {
        var response: HTTPResponse
        switch reply {
        case .none:
            response = .empty(status: status)
        case .plainText(let text):
            response = .text(text, status: status)
        case .value(let expression, let json):
            let text = expression.description + (appendsEmptyString ? "''" : "")
            response = Self.render(sxp: text, json: json, status: status, as: representation)
        case .sxpText(let text, let json):
            response = Self.render(sxp: text, json: json, status: status, as: representation)
        case .sxpPrinted(let text, let utf8, let json):
            if representation == .sxp {
                response = .sxp(utf8: utf8, status: status)
            } else {
                response = Self.render(sxp: text, json: json, status: status, as: representation)
            }
        }
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    private static func render(sxp text: String, json: JSONBody, status: Int, as representation: Representation)
        -> HTTPResponse
    {
        switch representation {
        case .sxp:
            return .sxp(text, status: status)
        case .json:
            do {
                return HTTPResponse(
                    status: status, headers: HTTPHeaders([(HTTPResponse.contentTypeHeader, "application/json")]),
                    body: try json.bytes())
            } catch {
                return .xendError("cannot encode the reply as JSON: \(error)", status: 500)
            }
        case .html:
            // The original served browsers an HTML page without a Content-type (vector #45).
            let page = "<html><head></head><body><pre>\(escapeHTML(text))</pre></body></html>"
            return HTTPResponse(status: status, body: Array(page.utf8))
        }
    }

    /// The outcome for a failed request: 404s as the original's `text/plain` page, the 406/501 op errors
    /// with their stray `''`, everything else `(xend.err '<message>')`. `headers` are those the original
    /// had set before the op failed (`Location` of an accepted op), so the error response keeps them
    /// (vector #20, #26).
    static func failure(_ error: XendError, headers: [(String, String)] = []) -> RouteOutcome {
        let json = JSONBody(JSONError(error))
        let reply: HandlerReply
        switch error.kind {
        case .notFound:
            reply = .plainText(error.message)
        case .invalidRequest:
            reply = .sxpText("''", json: json)
        case .notImplemented:
            reply = .sxpText(error.message + "''", json: json)
        default:
            reply = .value(error.toSExpression(), json: json)
        }
        return RouteOutcome(status: error.httpStatus, headers: headers, reply: reply)
    }

    /// A deferred op's failure (save, dump, migrate, restore). The original kept the status the op was
    /// accepted with (200 or 202) and put `(xend.err ...)` in the body; libvirt's 2006 driver took such a
    /// reply for success, as the message rarely holds `failed`. So it is a `500` like every other failed
    /// op, which all clients read as an error; the headers (`Location`) stay (docs/compatibility.md).
    static func deferredFailure(_ error: XendError, status: Int, headers: [(String, String)]) -> RouteOutcome {
        RouteOutcome(
            status: 500, headers: headers, reply: .value(error.toSExpression(), json: JSONBody(JSONError(error))))
    }
}

/// Escapes text for an HTML body.
func escapeHTML(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        default: escaped.append(character)
        }
    }
    return escaped
}
