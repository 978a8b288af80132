import CLibxend
import XendClientKit

extension NodeInfo {
    /// The host as a `struct xend_node` in one allocation (strings included), memory in bytes.
    /// - Returns: `nil` when memory is short.
    func flatCopy() -> UnsafeMutablePointer<xend_node>? {
        let record = record
        let strings = [
            host, release, record.version, machine, record.hwCaps, xenCaps, record.platformParams,
            record.xenChangeset, record.ccCompiler, record.ccCompileBy, record.ccCompileDomain, record.ccCompileDate,
        ]
        var layout = FlatLayout()
        let nodeAt = layout.reserve(xend_node.self)
        let offsets = strings.map { layout.reserve(string: $0) }
        guard let block = layout.allocate() else { return nil }
        let copies = zip(strings, offsets).map { UnsafePointer(block.write($0, at: $1)) }

        let node = block.pointer(xend_node.self, at: nodeAt)
        node.pointee.system = system == "Linux" ? XEND_SYSTEM_LINUX : xend_node_system(XEND_DEFAULT)
        node.pointee.host = copies[0]
        node.pointee.release = copies[1]
        node.pointee.version = copies[2]
        node.pointee.machine = copies[3]
        node.pointee.hw_caps = copies[4]
        node.pointee.xen_extra = Self.classicExtra(xenExtra)
        node.pointee.xen_caps = copies[5]
        node.pointee.platform_params = copies[6]
        node.pointee.xen_changeset = copies[7]
        node.pointee.cc_compiler = copies[8]
        node.pointee.cc_compile_by = copies[9]
        node.pointee.cc_compile_domain = copies[10]
        node.pointee.cc_compile_date = copies[11]
        node.pointee.nr_cpus = Int32(clamping: cpuCount)
        node.pointee.nr_nodes = Int32(clamping: nodeCount)
        node.pointee.sockets_per_node = Int32(clamping: socketsPerNode)
        node.pointee.cores_per_socket = Int32(clamping: coresPerSocket)
        node.pointee.threads_per_core = Int32(clamping: threadsPerCore)
        node.pointee.cpu_mhz = Int32(clamping: cpuMHz)
        node.pointee.total_memory = totalMemory
        node.pointee.free_memory = freeMemory
        node.pointee.xen_major = Int32(clamping: xenMajor)
        node.pointee.xen_minor = Int32(clamping: xenMinor)
        return node
    }

    /// The classic `int xen_extra`: the number after a leading `.` (`.0` gives 0, `.5-rc1` gives 5), else 0.
    static func classicExtra(_ text: String) -> Int32 {
        guard text.utf8.first == UInt8(ascii: ".") else { return 0 }
        // ASCII text (every real version) by bytes: the Character path below was 2% of xend_get_node.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return Int32(text.dropFirst().prefix(while: \.isASCII).prefix(while: \.isNumber).prefix(9)) ?? 0
        }
        var value: Int32 = 0
        for byte in text.utf8.dropFirst().prefix(9) {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value * 10 + Int32(digit)
        }
        return value
    }
}

/// The names of domains as a NULL-terminated `char **` in one allocation.
/// - Returns: `nil` when memory is short.
func flatNameList(_ names: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    var layout = FlatLayout()
    let arrayAt = layout.reserve(UnsafeMutablePointer<CChar>?.self, count: names.count + 1)
    let offsets = names.map { layout.reserve(string: $0) }
    guard let block = layout.allocate() else { return nil }
    let array = block.pointer(UnsafeMutablePointer<CChar>?.self, at: arrayAt)
    for (index, (name, offset)) in zip(names, offsets).enumerated() {
        array[index] = block.write(name, at: offset)
    }
    array[names.count] = nil
    return array
}
