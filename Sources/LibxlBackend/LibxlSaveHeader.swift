import FoundationEssentials

/// The header `save` writes in front of libxl's own stream (`libxl_domain_suspend`), so `restore` knows the
/// domain's configurations before it asks libxl to read the rest.
///
/// Layout (integers big-endian), then libxl's stream to the end of the file:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `XENDLXSV` |
/// | 4 | format version (``currentVersion``) |
/// | 4 + n | the xend config, JSON of `VMConfig` (what records show) |
/// | 4 + n | libxl's config, its JSON (`libxl_retrieve_domain_configuration`; what libxl restores with) |
/// | 8 | FNV-1a 64 of every header byte before it |
///
/// Reading takes exactly the header's bytes, so the file position is then at libxl's stream. A file that is
/// not ours (another tool's save file, the simulated host's, a core dump) fails on the magic, before
/// anything is created.
struct LibxlSaveHeader: Equatable, Sendable {
    static let magic: [UInt8] = Array("XENDLXSV".utf8)
    static let currentVersion: UInt32 = 1
    /// Either config larger than this is a corrupt length, not a config.
    static let maximumConfigBytes: UInt32 = 16 << 20

    /// JSON of the xend config.
    var xendConfig: [UInt8]
    /// libxl's JSON of its `libxl_domain_config`.
    var libxlConfig: [UInt8]

    /// Why a file cannot be restored; the description is the user-facing text.
    struct FormatError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// The header's bytes.
    func encoded() -> [UInt8] {
        var bytes = Self.magic
        Self.append(Self.currentVersion, to: &bytes)
        Self.append(UInt32(xendConfig.count), to: &bytes)
        bytes += xendConfig
        Self.append(UInt32(libxlConfig.count), to: &bytes)
        bytes += libxlConfig
        Self.append(Self.checksum(bytes), to: &bytes)
        return bytes
    }

    /// Reads a header through `read`, which returns exactly the bytes asked for, or fewer at the end of the file.
    init(reading read: (Int) throws(FormatError) -> [UInt8]) throws(FormatError) {
        var consumed: [UInt8] = []
        func take(_ count: Int, _ part: String) throws(FormatError) -> [UInt8] {
            let bytes = try read(count)
            guard bytes.count == count else {
                throw FormatError(description: "not a valid guest state file: truncated in \(part)")
            }
            consumed += bytes
            return bytes
        }
        func integer(_ part: String) throws(FormatError) -> UInt32 {
            try take(4, part).reduce(0) { ($0 << 8) | UInt32($1) }
        }
        let signature = try take(Self.magic.count, "signature")
        guard signature == Self.magic else {
            let shown = String(decoding: signature.map { $0 >= 32 && $0 < 127 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
            throw FormatError(
                description:
                    "not a valid guest state file: found '\(shown)', expected a file saved by xend's libxl backend"
            )
        }
        let version = try integer("version")
        guard version == Self.currentVersion else {
            throw FormatError(
                description:
                    "unsupported guest state file version \(version) (this host reads version \(Self.currentVersion))")
        }
        var configs: [[UInt8]] = []
        for part in ["xend config", "libxl config"] {
            let length = try integer("\(part) length")
            guard length <= Self.maximumConfigBytes else {
                throw FormatError(description: "not a valid guest state file: \(part) of \(length) bytes")
            }
            configs.append(try take(Int(length), part))
        }
        let expected = Self.checksum(consumed)
        let stored = try take(8, "checksum").reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        guard stored == expected else {
            throw FormatError(description: "not a valid guest state file: header checksum mismatch (corrupt)")
        }
        xendConfig = configs[0]
        libxlConfig = configs[1]
    }

    init(xendConfig: [UInt8], libxlConfig: [UInt8]) {
        self.xendConfig = xendConfig
        self.libxlConfig = libxlConfig
    }

    /// FNV-1a, 64 bits.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
