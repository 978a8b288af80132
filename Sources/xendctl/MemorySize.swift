import ArgumentParser
import XendModel

/// A memory size argument: a number with an optional unit, `512`, `512M`, `1G`, `262144K`, `1GiB`.
/// A bare number is MiB, as `xm mem-set` read it.
struct MemorySize: ExpressibleByArgument {
    var memory: Memory

    init?(argument: String) {
        var text = argument.uppercased()
        for suffix in ["IB", "B"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
            break
        }
        let multiplier: UInt64
        switch text.last {
        case "K": multiplier = 1
        case "M": multiplier = 1024
        case "G": multiplier = 1024 * 1024
        case "T": multiplier = 1024 * 1024 * 1024
        default: multiplier = 0
        }
        if multiplier != 0 { text.removeLast() }
        guard let value = UInt64(text), value > 0 else { return nil }
        let kibibytes = value.multipliedReportingOverflow(by: multiplier == 0 ? 1024 : multiplier)
        guard !kibibytes.overflow else { return nil }
        memory = .kibibytes(kibibytes.partialValue)
    }
}
