/// The `route` label of a request: the resource tree's shape with names and ids replaced, so a
/// scraper sees a handful of series however many domains come and go.
enum MetricsRoute: Int, Hashable, Sendable, CaseIterable {
    case root, xend, metrics, node, domains, vnets, dmesg, log, domain, vnet, other

    /// The route's place in `allCases` (cases are numbered in declaration order).
    var index: Int { rawValue }

    /// The path `GET /metrics` answers on.
    static let path = "/metrics"

    /// The label the series carry.
    var label: String {
        switch self {
        case .root: "/"
        case .xend: "/xend"
        case .metrics: Self.path
        case .node: "/xend/node"
        case .domains: "/xend/domain"
        case .vnets: "/xend/vnet"
        case .dmesg: "/xend/node/dmesg"
        case .log: "/xend/node/log"
        case .domain: "/xend/domain/{domain}"
        case .vnet: "/xend/vnet/{vnet}"
        case .other: "other"
        }
    }

    /// The route label of a request with these decoded path segments (``route(for:)``).
    static func label(for segments: [String]) -> String {
        route(for: segments).label
    }

    /// The route of a request with these decoded path segments. Empty segments are skipped, as the
    /// router skips them; anything outside the tree is `other`. Reads the segments in place: this
    /// runs for every request.
    static func route(for segments: [String]) -> MetricsRoute {
        var count = 0
        var first = ""
        var second = ""
        var third = ""
        for segment in segments where !segment.isEmpty {
            switch count {
            case 0: first = segment
            case 1: second = segment
            case 2: third = segment
            default: break
            }
            count += 1
        }
        switch count {
        case 0: return .root
        case 1 where first == "xend": return .xend
        case 1 where first == "metrics": return .metrics
        case 2 where first == "xend":
            switch second {
            case "node": return .node
            case "domain": return .domains
            case "vnet": return .vnets
            default: return .other
            }
        case 3 where first == "xend" && second == "node" && third == "dmesg": return .dmesg
        case 3 where first == "xend" && second == "node" && third == "log": return .log
        case 3 where first == "xend" && second == "domain": return .domain
        case 3 where first == "xend" && second == "vnet": return .vnet
        default: return .other
        }
    }
}
