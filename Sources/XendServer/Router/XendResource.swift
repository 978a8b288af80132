import Hypervisor
import XendModel

/// A node of the xend resource tree (docs/protocol.md#resource-tree).
enum XendResource: Sendable {
    /// `/`: an anonymous directory whose only child, `xend`, is not listed.
    case root
    /// `/xend/`: `node`, `domain`, `vnet`.
    case xend
    /// `/xend/node`, with children `dmesg` and `log` (its GET is the node record, not a listing).
    case node
    case dmesg
    case log
    /// `/xend/domain`: the domain collection, whose children are looked up in the backend.
    case domains
    /// `/xend/domain/<name|id|uuid>`. Indirect, so that a resource is one word: the walk copies it at
    /// every segment, and a record is hundreds of bytes.
    indirect case domain(DomainRecord)
    /// `/xend/vnet`: always empty on this host.
    case vnets

    /// The children a GET lists, for the plain directories.
    var listing: [String]? {
        switch self {
        case .root: []
        case .xend: ["node", "domain", "vnet"]
        default: nil
        }
    }
}

extension XendRouter {
    /// Walks the decoded path segments from `/`. Every resource is a directory, so an empty segment
    /// (a trailing or doubled slash) stays where it is: `/xend/domain//` is the domain collection.
    /// - Throws: `404 Not found: <segment>` for an unknown child, `<Fault 3: '<dom>'>` for an unknown
    ///   domain, `No such vnet <id>` below `/xend/vnet`.
    func resolve(_ segments: [String]) throws(XendError) -> XendResource {
        var resource = XendResource.root
        for segment in segments where !segment.isEmpty {
            resource = try child(of: resource, named: segment)
        }
        return resource
    }

    private func child(of resource: XendResource, named segment: String) throws(XendError) -> XendResource {
        switch (resource, segment) {
        case (.root, "xend"): return .xend
        case (.xend, "node"): return .node
        case (.xend, "domain"): return .domains
        case (.xend, "vnet"): return .vnets
        case (.node, "dmesg"): return .dmesg
        case (.node, "log"): return .log
        case (.domains, _): return .domain(try backend.domain(matching: segment))
        case (.vnets, _): throw XendError(.notFound, "No such vnet \(segment)")
        default: throw XendError(.notFound, "Not found: \(segment)")
        }
    }
}
