import SExpression
import XendHTTP

/// The HTML pages a browser gets when it opens a `/xend/…` address: the resource tree linked (node,
/// domains, each domain) as the original daemon's pages were, and the record laid out in a table.
///
/// Only page loads of current browsers (`Sec-Fetch-Dest: document`) get them: other clients that ask for
/// HTML keep the original's minimal page (golden vector 45, docs/protocol.md#content-negotiation).
enum BrowserTreePage {
    /// Whether `request` is a browser opening a page under `/xend`.
    static func serves(_ request: HTTPRequest) -> Bool {
        // The header first: command-line clients never send it, and this runs for each of their requests.
        request.headers["Sec-Fetch-Dest"]?.lowercased() == "document"
            && (request.rawPath == "/xend" || request.rawPath.hasPrefix("/xend/"))
            && Representation(headers: request.headers) == .html
    }

    /// The page for the router's S-expression (or plain text) answer `response` to `request`.
    static func render(_ response: HTTPResponse, for request: HTTPRequest) -> HTTPResponse {
        let segments = request.pathSegments.filter { !$0.isEmpty }
        var text = String(decoding: response.body, as: UTF8.self)
        let isSExpression = response.headers[HTTPResponse.contentTypeHeader] == "application/sxp"
        if text.hasSuffix("''") { text.removeLast(2) }
        var body = breadcrumbs(segments)
        if response.status >= 400 {
            body += "<p class=\"error\" role=\"alert\">Status \(response.status)</p>"
        }
        if isSExpression, let value = try? SExpression.parse(text) {
            body += content(value, segments: segments)
        } else if !text.isEmpty {
            body += "<pre class=\"text\">\(escapeHTML(text))</pre>"
        }
        let title = "/" + segments.joined(separator: "/")
        var page = HTTPResponse.content(document(title: title, body: body), contentType: "text/html; charset=utf-8")
        page.status = response.status
        for field in response.headers where field.name == "Location" { page.headers.add(field.name, field.value) }
        for (name, value) in ConsoleResponder.securityHeaders { page.headers.add(name, value) }
        return page
    }

    private static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>xend \(escapeHTML(title))</title>
        <link rel="stylesheet" href="\(ConsoleResponder.stylePath)"></head>
        <body class="tree"><header class="bar"><a class="brand" href="/">xend console</a>
        <nav aria-label="Resources"><a href="/xend/node">node</a> <a href="/xend/domain">domains</a>
        <a href="/xend/domain?state=all">all domains</a> <a href="/xend/node/dmesg">dmesg</a>
        <a href="/xend/node/log">log</a></nav></header>
        <main id="main">\(body)</main></body></html>

        """
    }

    /// `/ xend / domain / vm1`, each part a link to its resource.
    private static func breadcrumbs(_ segments: [String]) -> String {
        var links = ["<a href=\"/xend/\">xend</a>"]
        var path = ""
        for segment in segments.dropFirst() {
            path += "/" + percentEncoded(segment)
            links.append("<a href=\"/xend\(path)\">\(escapeHTML(segment))</a>")
        }
        return "<nav aria-label=\"Breadcrumb\" class=\"crumbs\">" + links.joined(separator: " / ") + "</nav>"
            + "<h1>/\(segments.map(escapeHTML).joined(separator: "/"))</h1>"
    }

    /// A listing as links, a list of domain names as links, a record as a table.
    private static func content(_ value: SExpression, segments: [String]) -> String {
        let base = "/" + segments.map(percentEncoded).joined(separator: "/")
        if value.head == "ls" {
            return links(value.tail.compactMap(\.atomValue), under: base)
        }
        if segments == ["xend", "domain"], let names = value.listValue, names.allSatisfy({ $0.atomValue != nil }) {
            return links(names.compactMap(\.atomValue), under: base)
        }
        if segments == ["xend", "domain"], let records = value.listValue {
            return links(records.compactMap { $0.string("name") }, under: base)
        }
        if value.head != nil {
            var html = ""
            if value.head == "domain", let name = value.string("name") {
                html +=
                    "<p><a href=\"/#domain/\(percentEncoded(name))\">"
                    + "Open \(escapeHTML(name)) in the console</a></p>"
            }
            return html + table(value)
        }
        return "<pre class=\"text\">\(escapeHTML(pretty(value)))</pre>"
    }

    private static func links(_ names: [String], under base: String) -> String {
        let items = names.map { "<li><a href=\"\(base)/\(percentEncoded($0))\">\(escapeHTML($0))</a></li>" }
        return "<ul class=\"links\">" + items.joined() + "</ul>"
    }

    /// `(tag (key value) …)` as a two-column table; nested values pretty-printed in their cell.
    private static func table(_ record: SExpression) -> String {
        var rows = ""
        for field in record.tail {
            guard let key = field.head else {
                rows += "<tr><th scope=\"row\"></th><td><pre>\(escapeHTML(pretty(field)))</pre></td></tr>"
                continue
            }
            let values = Array(field.tail)
            let cell: String
            if values.count == 1, let atom = values[0].atomValue {
                cell = escapeHTML(atom)
            } else {
                cell = "<pre>" + escapeHTML(values.map { pretty($0) }.joined(separator: "\n")) + "</pre>"
            }
            rows += "<tr><th scope=\"row\">\(escapeHTML(key))</th><td>\(cell)</td></tr>"
        }
        return "<table class=\"record\"><caption>\(escapeHTML(record.head ?? ""))</caption>"
            + "<thead><tr><th scope=\"col\">field</th><th scope=\"col\">value</th></tr></thead>"
            + "<tbody>\(rows)</tbody></table>"
    }

    /// Lists that fit in 72 columns on one line; longer ones with each element indented on its own line.
    static func pretty(_ value: SExpression, indent: Int = 0) -> String {
        let flat = value.description
        guard let elements = value.listValue, flat.count + indent > 72, !elements.isEmpty else { return flat }
        let pad = String(repeating: " ", count: indent + 1)
        let inner = elements.dropFirst().map { pad + pretty($0, indent: indent + 1) }
        return "(" + pretty(elements[0], indent: indent + 1) + (inner.isEmpty ? "" : "\n")
            + inner.joined(separator: "\n") + ")"
    }

    /// A path segment for a link: anything but unreserved characters %-encoded.
    static func percentEncoded(_ segment: String) -> String {
        var text = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                text.append(Character(UnicodeScalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}
