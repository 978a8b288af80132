import SExpression

/// The result of op=device_create: which device was made, `(vbd (dom 3 id 51728))` (vector #33).
public struct DeviceReference: Hashable, Sendable, Codable {
    /// The device's class.
    public var deviceClass: DeviceClass
    /// The domain it belongs to.
    public var domainID: DomainID
    /// The device id within its class (a vbd's id encodes its name: 51728 is xvdb).
    public var deviceID: Int

    public init(deviceClass: DeviceClass, domainID: DomainID, deviceID: Int) {
        self.deviceClass = deviceClass
        self.domainID = domainID
        self.deviceID = deviceID
    }

    enum CodingKeys: String, CodingKey {
        case deviceClass = "class"
        case domainID = "dom"
        case deviceID = "id"
    }

    /// `(<class> (dom <domid> id <devid>))`: a class, then one flat list.
    public func toSExpression() -> SExpression {
        .list([
            .atom(deviceClass.rawValue),
            .list([.atom("dom"), .integer(domainID.rawValue), .atom("id"), .integer(deviceID)]),
        ])
    }

    /// Reads `(<class> (dom <domid> id <devid>))`.
    public init(_ expression: SExpression) throws(XendError) {
        guard let head = expression.head, let elements = expression.listValue, elements.count == 2,
            let flat = elements[1].listValue, flat.count == 4, flat[0].atomValue == "dom", flat[2].atomValue == "id"
        else { throw .malformedField("device", in: "device_create", "expected (<class> (dom N id M))") }
        deviceClass = try DeviceClass(deviceType: head)
        domainID = try DomainID(field: flat[1], key: "dom", tag: head)
        deviceID = try Int(field: flat[3], key: "id", tag: head)
    }
}

/// One device in the reply of op=devices: its id and its raw front-end xenstore keys (vector #36).
public struct DeviceFrontendState: Hashable, Sendable, Codable {
    /// One xenstore key and its value.
    public struct Entry: Hashable, Sendable, Codable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The device id (`51712`).
    public var deviceID: Int
    /// The front-end keys in xenstore's order.
    public var entries: [Entry]

    public init(deviceID: Int, entries: [Entry]) {
        self.deviceID = deviceID
        self.entries = entries
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "id"
        case entries
    }

    /// `(<devid> ((key value) ...))`.
    public func toSExpression() -> SExpression {
        .list([.integer(deviceID), .list(entries.map { .pair($0.key, .atom($0.value)) })])
    }

    /// The whole op=devices reply: `((<devid> ((key value) ...)) ...)`.
    public static func reply(_ devices: [DeviceFrontendState]) -> SExpression {
        .list(devices.map { $0.toSExpression() })
    }

    /// Reads the op=devices reply.
    public static func parseReply(_ expression: SExpression) throws(XendError) -> [DeviceFrontendState] {
        guard let devices = expression.listValue else {
            throw .malformedField("devices", in: "devices", "expected a list")
        }
        return try devices.map { device throws(XendError) in
            guard let parts = device.listValue, parts.count == 2, let pairs = parts[1].listValue else {
                throw .malformedField("devices", in: "devices", "expected (<devid> ((key value) ...))")
            }
            let id = try Int(field: parts[0], key: "devid", tag: "devices")
            let entries = try pairs.map { pair throws(XendError) in
                guard let key = pair.head, let value = Field<Never>.valueOf(pair).atomValue else {
                    throw .malformedField("devices", in: "devices", "expected (key value)")
                }
                return Entry(key, value)
            }
            return DeviceFrontendState(deviceID: id, entries: entries)
        }
    }
}
