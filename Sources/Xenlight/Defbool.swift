/// `libxl_defbool`: a Boolean that can also be left for libxl to decide.
public enum Defbool: Hashable, Sendable, Codable, CustomStringConvertible {
    /// libxl picks the value ("<default>").
    case `default`
    case `true`
    case `false`

    public init(_ value: Bool) { self = value ? .true : .false }

    /// The chosen value, or nil when libxl decides.
    public var boolValue: Bool? {
        switch self {
        case .default: nil
        case .true: true
        case .false: false
        }
    }

    /// The strings `libxl_defbool_to_string` returns and libxl's JSON uses.
    public var description: String {
        switch self {
        case .default: "<default>"
        case .true: "True"
        case .false: "False"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self.init(flag)
            return
        }
        switch try container.decode(String.self) {
        case "<default>": self = .default
        case "True", "true": self = .true
        case "False", "false": self = .false
        case let other:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a defbool: \(other)")
        }
    }
}
