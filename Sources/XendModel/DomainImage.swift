import SExpression

/// How a domain boots: the value of `(image (linux ...))` or `(image (hvm ...))`.
///
/// Indirect: an HVM image holds some fifty optional keys (480 bytes inline), which every config and record
/// carried inline whether it had an image or not; boxed, a record is 344 bytes instead of 816, which the
/// daemon's memory with a thousand domains and each listing's array of records feel.
public indirect enum DomainImage: Hashable, Sendable {
    /// A paravirtualised guest.
    case linux(LinuxImage)
    /// A fully virtualised guest (3.0.0's `vmx` reads as this).
    case hvm(HVMImage)

    /// The image-level VCPU count, which overrides the top-level one.
    public var vcpus: Int? {
        switch self {
        case .linux(let image): image.vcpus
        case .hvm(let image): image.vcpus
        }
    }

    /// Whether this is an HVM image (libvirt picks the OS type from this).
    public var isHVM: Bool {
        if case .hvm = self { return true }
        return false
    }

    /// Reads `(linux ...)`, `(hvm ...)` or 3.0.0's `(vmx ...)`.
    /// - Throws: `Invalid Configuration: Unknown image type: <type>` for any other head.
    public init(_ expression: SExpression) throws(XendError) {
        switch expression.head {
        case "linux": self = .linux(try LinuxImage(fields: expression.tail))
        case "hvm", "vmx": self = .hvm(try HVMImage(fields: expression.tail))
        default:
            throw .invalidConfigurationValue("Unknown image type: \(expression.head ?? expression.atomValue ?? "()")")
        }
    }

    /// `(linux ...)` or `(hvm ...)`.
    public func toSExpression() -> SExpression {
        switch self {
        case .linux(let image): image.taggedExpression
        case .hvm(let image): image.taggedExpression
        }
    }

    /// The image as the live record shows it (a PV image gets `root`/`ip` folded into `args`).
    public var recordView: DomainImage {
        switch self {
        case .linux(let image):
            return .linux(image.recordView)
        case .hvm(var image):
            image.vcpus = nil
            return .hvm(image)
        }
    }
}

/// JSON: `{"linux": {...}}` or `{"hvm": {...}}`, mirroring the S-expression.
extension DomainImage: Codable {
    enum CodingKeys: String, CodingKey {
        case linux, hvm
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let image = try container.decodeIfPresent(LinuxImage.self, forKey: .linux) {
            self = .linux(image)
        } else {
            self = .hvm(try container.decode(HVMImage.self, forKey: .hvm))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .linux(let image): try container.encode(image, forKey: .linux)
        case .hvm(let image): try container.encode(image, forKey: .hvm)
        }
    }
}
