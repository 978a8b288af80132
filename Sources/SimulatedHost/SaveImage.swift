/// The simulated host's guest state file: what `save` writes and `restore` reads.
///
/// Layout (integers big-endian):
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `XSIMSAVE` |
/// | 4 | format version (``currentVersion``) |
/// | 4 + n | the domain's config, as `(vm ...)` S-expression text |
/// | 4 + n | the guest state, `key value` lines (memory target, vcpus, cpu time, ...) |
/// | 8 + n | the guest's memory image (a deterministic pattern standing in for RAM) |
/// | 8 | FNV-1a 64 checksum of everything before it |
///
/// Reading validates each part in order and says which one is wrong, so a foreign, truncated or newer
/// file is refused before anything is created.
import Hypervisor
import XendModel

public struct SaveImage: Equatable, Sendable {
    /// The 8-byte signature at the start of every file.
    public static let magic: [UInt8] = Array("XSIMSAVE".utf8)
    /// The version this build writes and the only one it reads.
    public static let currentVersion: UInt32 = 1

    /// The domain configuration, S-expression text.
    public var configText: String
    /// Runtime state of the guest, by key.
    public var guestState: [String: String]
    /// The stand-in memory image.
    public var memoryImage: [UInt8]

    public init(configText: String, guestState: [String: String], memoryImage: [UInt8]) {
        self.configText = configText
        self.guestState = guestState
        self.memoryImage = memoryImage
    }

    /// The stand-in memory image's bytes per MiB of guest memory.
    public static let memoryPatternBytesPerMiB = 256

    /// A deterministic memory image for a guest: `bytesPerMiB` bytes for each MiB of its memory.
    public static func memoryPattern(
        seed: String, mebibytes: UInt64, bytesPerMiB: Int = memoryPatternBytesPerMiB
    ) -> [UInt8] {
        var state = AtomicFile.checksum(seed.utf8) | 1
        return (0..<(Int(mebibytes) * bytesPerMiB)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// The file's bytes.
    public func encoded(magic: [UInt8] = SaveImage.magic) -> [UInt8] {
        var bytes = magic
        append(Self.currentVersion, to: &bytes)
        let config = Array(configText.utf8)
        append(UInt32(config.count), to: &bytes)
        bytes += config
        let state = Array(guestState.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined().utf8)
        append(UInt32(state.count), to: &bytes)
        bytes += state
        append(UInt64(memoryImage.count), to: &bytes)
        bytes += memoryImage
        append(AtomicFile.checksum(bytes), to: &bytes)
        return bytes
    }

    /// Why a file is not a usable guest state file; the description is the user-facing text.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Decodes `bytes` for an operation (restore, loading the host state): a bad file fails it with the
    /// format error's text.
    static func decodeForOperation(_ bytes: [UInt8]) throws(XendError) -> SaveImage {
        do throws(FormatError) {
            return try SaveImage(decoding: bytes)
        } catch {
            throw XendError(.operationFailed, error.description)
        }
    }

    /// Parses and validates a file's bytes.
    public init(decoding bytes: [UInt8]) throws(FormatError) {
        var reader = Reader(bytes: bytes)
        let signature = try reader.take(Self.magic.count, "signature")
        guard signature == Self.magic else {
            let shown = String(decoding: signature.map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            throw FormatError(description: "not a valid guest state file: found '\(shown)'")
        }
        let version = try reader.integer(UInt32.self, "version")
        guard version == Self.currentVersion else {
            throw FormatError(
                description:
                    "unsupported guest state file version \(version) (this host reads version \(Self.currentVersion))"
            )
        }
        let configLength = try reader.integer(UInt32.self, "config length")
        let config = try reader.take(Int(configLength), "config")
        let stateLength = try reader.integer(UInt32.self, "guest state length")
        let state = try reader.take(Int(stateLength), "guest state")
        let imageLength = try reader.integer(UInt64.self, "memory image length")
        guard imageLength <= UInt64(bytes.count) else {
            throw FormatError(description: "not a valid guest state file: truncated in memory image")
        }
        let image = try reader.take(Int(imageLength), "memory image")
        let checksumOffset = reader.offset
        let sum = try reader.integer(UInt64.self, "checksum")
        guard reader.offset == bytes.count else {
            throw FormatError(
                description: "not a valid guest state file: \(bytes.count - reader.offset) bytes after the end")
        }
        guard AtomicFile.checksum(bytes[..<checksumOffset]) == sum else {
            throw FormatError(description: "not a valid guest state file: checksum mismatch (corrupt)")
        }
        guard let configText = String(validating: config, as: UTF8.self),
            let stateText = String(validating: state, as: UTF8.self)
        else { throw FormatError(description: "not a valid guest state file: text is not UTF-8") }

        var guestState: [String: String] = [:]
        for line in stateText.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else {
                throw FormatError(description: "not a valid guest state file: bad guest state line '\(line)'")
            }
            guestState[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        self.init(configText: configText, guestState: guestState, memoryImage: image)
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private struct Reader {
        var bytes: [UInt8]
        var offset = 0

        mutating func take(_ count: Int, _ part: String) throws(FormatError) -> [UInt8] {
            guard count >= 0, bytes.count - offset >= count else {
                throw FormatError(description: "not a valid guest state file: truncated in \(part)")
            }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ part: String) throws(FormatError) -> T {
            let raw = try take(MemoryLayout<T>.size, part)
            return raw.reduce(T.zero) { ($0 << 8) | T($1) }
        }
    }
}
