#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe files: a write either leaves the old content or the complete new content, never a mix,
/// and a damaged file is recognised on reading instead of being half-loaded.
///
/// Writing: the bytes go to a temporary file in the same directory (so `rename` stays on one file
/// system), the file is `fsync`ed, renamed over the target, and the directory is `fsync`ed so the rename
/// itself is durable. Each file starts with a one-line envelope `xend-sim-state 1 <length> <fnv1a64>`
/// naming the payload length and checksum, so truncation or corruption is detected on load.
package enum AtomicFile {
    private static let envelopeTag = "xend-sim-state"

    /// Why a stored file could not be used.
    package struct Failure: Error, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "\(path): \(reason)" }

        package init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Writes `payload` to `path` atomically and durably.
    package static func write(_ payload: [UInt8], to path: String, durable: Bool = true) throws(Failure) {
        let directory = parentDirectory(of: path)
        let temporary = temporaryPath(for: path, hidden: true)
        var bytes = Array("\(envelopeTag) 1 \(payload.count) \(checksum(payload))\n".utf8)
        bytes.append(contentsOf: payload)

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(path: temporary, reason: errorText()) }
        do throws(Failure) {
            try writeAll(bytes, to: descriptor, path: temporary)
            if durable && fsync(descriptor) != 0 { throw Failure(path: temporary, reason: errorText()) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw Failure(path: path, reason: reason)
        }
        if durable { syncDirectory(directory) }
    }

    /// Where a write of `path` goes until it is whole: `<path>.tmp-<pid>-<n>` in the same directory, with a
    /// leading dot on the name when `hidden`. Every writer of the daemon names its temporary files so;
    /// ``writerPID(ofTemporaryName:)`` reads them back (xend removes those of writers that are gone).
    package static func temporaryPath(for path: String, hidden: Bool) -> String {
        let suffix = ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        guard hidden else { return path + suffix }
        return "\(parentDirectory(of: path))/.\(baseName(of: path))\(suffix)"
    }

    /// The writer's pid in a name ``temporaryPath(for:hidden:)`` made, or `nil` when `name` is not one.
    package static func writerPID(ofTemporaryName name: String) -> pid_t? {
        guard let marker = name.ranges(of: ".tmp-").last else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
        return pid
    }

    /// Reads and verifies a file written by ``write(_:to:durable:)``; returns its payload.
    package static func read(_ path: String) throws(Failure) -> [UInt8] {
        let bytes = try readAll(path)
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw Failure(path: path, reason: "no envelope line (truncated or not a state file)")
        }
        let fields = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard fields.count == 4, fields[0] == envelopeTag else {
            throw Failure(path: path, reason: "not a state file (bad envelope)")
        }
        guard fields[1] == "1" else { throw Failure(path: path, reason: "unsupported state file version \(fields[1])") }
        guard let length = Int(fields[2]), let sum = UInt64(fields[3]) else {
            throw Failure(path: path, reason: "malformed envelope")
        }
        let payload = Array(bytes[(newline + 1)...])
        guard payload.count == length else {
            throw Failure(path: path, reason: "truncated: envelope says \(length) bytes, found \(payload.count)")
        }
        guard checksum(payload) == sum else { throw Failure(path: path, reason: "checksum mismatch (corrupt)") }
        return payload
    }

    /// Reads a whole file.
    package static func readAll(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, reason: errorText()) }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: errorText())
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes every byte, retrying short writes and `EINTR`.
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: errorText())
            }
            offset += written
        }
    }

    /// Creates `path` and its parents (mode 0700) when missing.
    package static func makeDirectory(_ path: String) throws(Failure) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/\(component)"
            if mkdir(built, 0o700) != 0 && errno != EEXIST { throw Failure(path: built, reason: errorText()) }
        }
    }

    /// The names in a directory, without `.` and `..`.
    package static func entries(of directory: String) throws(Failure) -> [String] {
        guard let handle = opendir(directory) else { throw Failure(path: directory, reason: errorText()) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// FNV-1a, 64 bit: cheap and good enough to tell a torn or flipped file from a whole one.
    package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// `strerror(errno)`, the text xend put after a path (`No such file or directory`).
    package static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    package static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    package static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
