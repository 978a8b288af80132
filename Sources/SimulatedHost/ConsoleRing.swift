/// The hypervisor console ring (`xl dmesg`): a bounded buffer of lines, oldest dropped first, like Xen's
/// `conring` (16 KiB by default).
import Hypervisor

struct ConsoleRing: Sendable {
    let capacity: Int
    private var lines: [String] = []
    private var size = 0

    init(capacity: Int = 16 * 1024) {
        self.capacity = capacity
    }

    /// Appends one line, timestamped as Xen prints it (`(XEN) [  12.345678] text`).
    mutating func append(_ text: String, uptime: Double) {
        let micros = Int((max(0, uptime) * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        let stamp = "\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
        let padded = String(repeating: " ", count: max(0, 12 - stamp.count)) + stamp
        let line = "(XEN) [\(padded)] \(text)\n"
        lines.append(line)
        size += line.utf8.count
        while size > capacity, !lines.isEmpty {
            size -= lines.removeFirst().utf8.count
        }
    }

    /// The whole ring as text.
    var text: String { lines.joined() }

    mutating func clear() {
        lines.removeAll()
        size = 0
    }
}
