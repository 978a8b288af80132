import Foundation
import XendModel

/// Names one domain in a request: by name, numeric id or UUID, as the daemon's `/xend/domain/<dom>`
/// accepts all three. A string literal is a name: `try await xend.pause("guest1")`.
public struct DomainReference: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The path segment sent: the name, the decimal id, or the UUID with dashes.
    public let pathSegment: String

    private init(pathSegment: String) { self.pathSegment = pathSegment }

    /// A domain by name.
    public static func name(_ name: DomainName) -> DomainReference { DomainReference(pathSegment: name.rawValue) }
    /// A domain by numeric id (`0` is Domain-0).
    public static func id(_ id: DomainID) -> DomainReference { DomainReference(pathSegment: id.description) }
    /// A domain by UUID.
    public static func uuid(_ uuid: UUID) -> DomainReference { DomainReference(pathSegment: uuid.xendString) }

    /// Reads what a user typed: a UUID, else a decimal id, else a name.
    /// - Throws: ``XendClientError/Kind/invalidArgument`` for text that is none of the three.
    public init(parsing text: String) throws(XendClientError) {
        if let uuid = UUID(xendString: text) {
            self = .uuid(uuid)
        } else if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let id = DomainID(text) {
            self = .id(id)
        } else if let name = DomainName(validating: text) {
            self = .name(name)
        } else {
            throw .invalidArgument("'\(text)' is not a domain name, id or UUID")
        }
    }

    /// A domain by name, from a literal. Literals are not validated; the daemon answers 404 for a bad one.
    public init(stringLiteral value: String) { self.pathSegment = value }

    /// The path segment, as typed.
    public var description: String { pathSegment }
}
