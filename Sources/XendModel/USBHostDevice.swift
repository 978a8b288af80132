/// A host USB device as `op=usb_add` / `op=usb_del` name it (xend 4.0 and later passed the text to the
/// device model's `usb_add` command): `host:BUS.ADDR` (decimal bus and device number, as `lsusb` prints
/// them) or `host:VID:PID` (hexadecimal vendor and product ids).
public enum USBHostDevice: Hashable, Sendable, CustomStringConvertible {
    /// The device at this bus and device number.
    case address(bus: Int, device: Int)
    /// The first device with this vendor and product id.
    case product(vendor: Int, product: Int)

    /// Reads `host:BUS.ADDR` or `host:VID:PID`.
    /// - Throws: `XendError` naming both forms for any other text (the device model's emulated devices,
    ///   `tablet` and the like, cannot be hot-plugged through libxl).
    public init(_ text: String) throws(XendError) {
        let invalid = XendError(
            .operationFailed, "Invalid USB device '\(text)': expected host:BUS.ADDR or host:VENDOR:PRODUCT")
        guard text.hasPrefix("host:") else { throw invalid }
        let rest = text.dropFirst("host:".count)
        let byAddress = rest.split(separator: ".", omittingEmptySubsequences: false)
        let byProduct = rest.split(separator: ":", omittingEmptySubsequences: false)
        if byAddress.count == 2, let bus = Int(byAddress[0]), let device = Int(byAddress[1]),
            (1...255).contains(bus), (1...127).contains(device)
        {
            self = .address(bus: bus, device: device)
        } else if byProduct.count == 2, byProduct.allSatisfy({ (1...4).contains($0.count) }),
            let vendor = Int(byProduct[0], radix: 16), let product = Int(byProduct[1], radix: 16)
        {
            self = .product(vendor: vendor, product: product)
        } else {
            throw invalid
        }
    }

    /// The text it was read from, normalised: `host:1.2`, `host:0627:0001`.
    public var description: String {
        switch self {
        case .address(let bus, let device): "host:\(bus).\(device)"
        case .product(let vendor, let product): "host:\(Self.hex4(vendor)):\(Self.hex4(product))"
        }
    }

    private static func hex4(_ value: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
