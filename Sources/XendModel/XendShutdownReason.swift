/// Why a domain shut down, or what op=shutdown asks of it, with xend's words for it.
public enum XendShutdownReason: String, Hashable, Sendable, CaseIterable, Codable {
    case powerOff = "poweroff"
    case reboot
    case suspend
    case crash
    /// xend's fifth reason; the guest sees it as a power-off request.
    case halt
    /// Xen's reason 4 after xend's time: the watchdog fired.
    case watchdog
    /// Xen's reason 5: a soft reset.
    case softReset = "soft_reset"

    /// The reasons op=shutdown accepts, in xend's order.
    public static let shutdownOpReasons: [XendShutdownReason] = [.powerOff, .reboot, .halt, .suspend, .crash]

    /// Reads op=shutdown's `reason` parameter.
    /// - Throws: `Invalid reason: <text>` for anything outside `poweroff reboot halt suspend crash`.
    public init(shutdownOpReason text: String) throws(XendError) {
        guard let reason = XendShutdownReason(rawValue: text), XendShutdownReason.shutdownOpReasons.contains(reason)
        else {
            throw .invalidReason(text)
        }
        self = reason
    }

    /// The hypervisor's `SHUTDOWN_*` code (`halt` is a power-off to Xen).
    public var xenCode: Int {
        switch self {
        case .powerOff, .halt: 0
        case .reboot: 1
        case .suspend: 2
        case .crash: 3
        case .watchdog: 4
        case .softReset: 5
        }
    }

    /// The reason for a hypervisor `SHUTDOWN_*` code, or `nil` for a code Xen has not defined.
    public init?(xenCode: Int) {
        switch xenCode {
        case 0: self = .powerOff
        case 1: self = .reboot
        case 2: self = .suspend
        case 3: self = .crash
        case 4: self = .watchdog
        case 5: self = .softReset
        default: return nil
        }
    }
}
