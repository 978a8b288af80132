import SExpression

/// The `serial` key of an HVM image: one serial port back-end (`(serial pty)`, every release) or a list
/// of them (`(serial (/dev/ttyS0 /dev/ttyS1))`, which xend 4.x accepted and libvirt sends for a guest
/// with several serial ports). It prints back in the form it was given.
public struct SerialPorts: Hashable, Sendable {
    /// The back-ends in port order, e.g. `pty`, `/dev/ttyS0`, `tcp:host:port`.
    public var ports: [String]
    /// Whether the value was given as a list (printed back as one, even with a single port).
    public var isList: Bool

    /// One port, printed as a single value.
    public init(_ port: String) {
        self.ports = [port]
        self.isList = false
    }

    /// Several ports, printed as a list.
    public init(list ports: [String]) {
        self.ports = ports
        self.isList = true
    }

    /// The only port when there is exactly one, for back-ends that take a single one.
    public var single: String? { ports.count == 1 ? ports[0] : nil }
}

extension SerialPorts: FieldValue {
    init(field expression: SExpression, key: String, tag: String) throws(XendError) {
        switch expression {
        case .atom(let port):
            self.init(port)
        case .list(let elements):
            self.init(
                list: try elements.map { element throws(XendError) in
                    try element.requireAtom(key: key, tag: tag)
                })
        }
    }

    var fieldExpression: SExpression {
        isList ? .list(ports.map { .atom($0) }) : .atom(ports.first ?? "")
    }

    init?(json: SerialPortsJSON) {
        switch json {
        case .single(let port): self.init(port)
        case .list(let ports): self.init(list: ports)
        }
    }

    var json: SerialPortsJSON { isList ? .list(ports) : .single(ports.first ?? "") }
}

/// JSON: a string for one port, an array of strings for a list.
enum SerialPortsJSON: Codable {
    case single(String)
    case list([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let port = try? container.decode(String.self) {
            self = .single(port)
        } else {
            self = .list(try container.decode([String].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let port): try container.encode(port)
        case .list(let ports): try container.encode(ports)
        }
    }
}

extension SerialPorts: Codable {
    public init(from decoder: any Decoder) throws {
        switch try SerialPortsJSON(from: decoder) {
        case .single(let port): self.init(port)
        case .list(let ports): self.init(list: ports)
        }
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
