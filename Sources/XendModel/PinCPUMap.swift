/// The `cpumap` of op=pincpu in every form a xend release accepted, so clients of each era work.
///
/// - `0,2` (xend 3.1 and later, libvirt from 2007): a comma-separated list of CPU numbers.
/// - `[0,2]`, `[0, 2]`, `[0]` (xend 3.0.x stripped the brackets; libvirt sent them while
///   `xend_config_format` was below 3, xm 3.0.x always).
/// - `0-3` ranges and `^2` exclusions, as in a config's `cpus`.
/// - `all`: every physical CPU.
///
/// Where the forms overlap nothing conflicts: brackets, ranges and `^` are not valid in the plain form,
/// so each text has one reading. A map of exclusions only (`^2`) means every CPU but those, which is
/// what a client pinning "anywhere but 2" meant. Items that are not numbers fail with Python's
/// `int()` text, as the last xend reported them.
public enum PinCPUMap: Hashable, Sendable {
    /// Every physical CPU (`all`).
    case all
    /// CPU numbers to include and to exclude.
    case cpus(included: Set<Int>, excluded: Set<Int>)

    /// The largest CPU number accepted, so a range cannot ask for billions of entries.
    public static let highestCPU = 4095

    /// Parses `text`.
    /// - Throws: `invalid literal for int() with base 10: '<item>'` for an item that is not a number or a
    ///   range of numbers; `Invalid cpumap: ...` for a reversed or out-of-range range.
    public init(_ text: String) throws(XendError) {
        var body = Substring(Python.trimmed(text))
        if body.lowercased() == "all" {
            self = .all
            return
        }
        if body.first == "[" && body.last == "]" && body.count >= 2 {
            body = body.dropFirst().dropLast()
        }
        var included = Set<Int>()
        var excluded = Set<Int>()
        for rawItem in body.split(separator: ",", omittingEmptySubsequences: false) {
            var item = Substring(Python.trimmed(String(rawItem)))
            let isExclusion = item.first == "^"
            if isExclusion { item = item.dropFirst() }
            for cpu in try Self.range(item) {
                if isExclusion { excluded.insert(cpu) } else { included.insert(cpu) }
            }
        }
        self = .cpus(included: included, excluded: excluded)
    }

    /// The CPUs to pin to, sorted. `hostCPUCount` is asked only for `all` and exclusion-only maps.
    public func cpus(hostCPUCount: () throws(XendError) -> Int) throws(XendError) -> [Int] {
        switch self {
        case .all:
            return Array(0..<max(try hostCPUCount(), 0))
        case .cpus(let included, let excluded):
            let base = included.isEmpty && !excluded.isEmpty ? Set(0..<max(try hostCPUCount(), 0)) : included
            return base.subtracting(excluded).sorted()
        }
    }

    /// `n` or `low-high`.
    private static func range(_ item: Substring) throws(XendError) -> ClosedRange<Int> {
        let bounds = item.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, !bounds[0].isEmpty else {
            let cpu = try number(String(item))
            return cpu...cpu
        }
        let low = try number(String(bounds[0]))
        let high = try number(String(bounds[1]))
        guard low <= high else { throw XendError(.operationFailed, "Invalid cpumap: range \(item) is reversed") }
        return low...high
    }

    private static func number(_ text: String) throws(XendError) -> Int {
        let cpu = try Python.intOrThrow(text)
        guard (0...highestCPU).contains(cpu) else {
            throw XendError(.operationFailed, "Invalid cpumap: cpu \(cpu) is out of range")
        }
        return cpu
    }
}
