import XendModel
import Xenlight

extension DeviceNIC {
    /// A `vif` device. `type ioemu` (or an HVM guest with a `model`) is an emulated card; `netfront` is PV only.
    init(xend interface: NetworkInterface, hvm: Bool) throws(XendError) {
        self.init()
        if let text = interface.mac {
            guard let mac = MAC(text) else { throw .invalidConfigurationValue("Invalid MAC address: \(text)") }
            self.mac = mac
        }
        bridge = interface.bridge
        ip = interface.ip
        script = interface.script
        model = interface.model
        ifname = interface.vifname
        switch interface.type {
        case "ioemu"?: nictype = .vifIoemu
        case "netfront"?, "vif"?: nictype = .vif
        case nil: break
        case let other?: throw .invalidConfigurationValue("Invalid vif type: \(other)")
        }
        if let rate = interface.rate {
            let limit = try NetworkRate(parsing: rate)
            rateBytesPerInterval = limit.bytesPerInterval
            rateIntervalUsecs = limit.intervalMicroseconds
        }
    }
}

/// A vif's rate limit as xend and xl write it: `<amount><unit>/s[@<interval>]`, e.g. `10Mb/s@20ms`.
///
/// Units `B`, `KB`, `MB`, `GB` count bytes, `b`, `Kb`, `Mb`, `Gb` bits (both decimal); the interval
/// (`us`, `ms`, `s`) defaults to 50 ms, xend's and libxl's replenish period.
struct NetworkRate: Hashable, Sendable {
    var bytesPerInterval: UInt64
    var intervalMicroseconds: UInt32

    init(parsing text: String) throws(XendError) {
        let invalid = XendError.invalidConfigurationValue("Invalid rate: \(text)")
        let halves = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        var amount = Substring(halves[0])
        if amount.hasSuffix("/s") { amount = amount.dropLast(2) }
        let digits = amount.prefix(while: \.isNumber)
        guard let number = UInt64(digits), number > 0 else { throw invalid }
        let multipliers: [Substring: (UInt64, UInt64)] = [
            "B": (1, 1), "KB": (1_000, 1), "MB": (1_000_000, 1), "GB": (1_000_000_000, 1),
            "b": (1, 8), "Kb": (1_000, 8), "Mb": (1_000_000, 8), "Gb": (1_000_000_000, 8),
        ]
        guard let (multiplier, divisor) = multipliers[amount.dropFirst(digits.count)] else { throw invalid }
        var interval: UInt64 = 50_000
        if halves.count == 2 {
            let period = halves[1]
            let periodDigits = period.prefix(while: \.isNumber)
            guard let count = UInt64(periodDigits), count > 0 else { throw invalid }
            let units: [Substring: UInt64] = ["us": 1, "ms": 1_000, "s": 1_000_000]
            guard let unit = units[period.dropFirst(periodDigits.count)] else { throw invalid }
            interval = count * unit
        }
        let (bytesPerSecond, overflow) = number.multipliedReportingOverflow(by: multiplier)
        let (scaled, scaledOverflow) = (bytesPerSecond / divisor).multipliedReportingOverflow(by: interval)
        guard !overflow, !scaledOverflow, interval <= UInt64(UInt32.max) else { throw invalid }
        bytesPerInterval = scaled / 1_000_000
        intervalMicroseconds = UInt32(interval)
    }
}
