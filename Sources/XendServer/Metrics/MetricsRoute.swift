/// The `route` label of a request: the resource tree's shape with names and ids replaced, so a
/// scraper sees a handful of series however many domains come and go.
enum MetricsRoute {
    /// The path `GET /metrics` answers on.
    static let path = "/metrics"

    /// The route of a request with these decoded path segments. Empty segments are skipped, as the
    /// router skips them; anything outside the tree is `other`.
    static func label(for segments: [String]) -> String {
        // `/xend/node/` splits into a trailing empty segment; copy only when there is one to drop.
        let parts = segments.contains(where: \.isEmpty) ? segments.filter { !$0.isEmpty } : segments
        switch parts.count {
        case 0: return "/"
        case 1 where parts[0] == "xend": return "/xend"
        case 1 where parts[0] == "metrics": return path
        case 2 where parts[0] == "xend" && ["node", "domain", "vnet"].contains(parts[1]):
            return "/xend/" + parts[1]
        case 3 where parts[0] == "xend" && parts[1] == "node" && ["dmesg", "log"].contains(parts[2]):
            return "/xend/node/" + parts[2]
        case 3 where parts[0] == "xend" && parts[1] == "domain": return "/xend/domain/{domain}"
        case 3 where parts[0] == "xend" && parts[1] == "vnet": return "/xend/vnet/{vnet}"
        default: return "other"
        }
    }
}
