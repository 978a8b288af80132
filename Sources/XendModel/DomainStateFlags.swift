/// The hypervisor's flags for a live domain, printed as xend's six-character `state` string
/// (docs/protocol.md#state-string).
public struct DomainStateFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x3F }

    /// On a physical CPU now (`r`).
    public static let running = DomainStateFlags(rawValue: 1 << 0)
    /// Waiting for an event (`b`).
    public static let blocked = DomainStateFlags(rawValue: 1 << 1)
    /// Paused by the toolstack (`p`).
    public static let paused = DomainStateFlags(rawValue: 1 << 2)
    /// Shut down, awaiting cleanup (`s`).
    public static let shutdown = DomainStateFlags(rawValue: 1 << 3)
    /// Crashed (`c`).
    public static let crashed = DomainStateFlags(rawValue: 1 << 4)
    /// Being destroyed (`d`).
    public static let dying = DomainStateFlags(rawValue: 1 << 5)

    /// Each flag with its letter, in the string's order `r b p s c d`.
    static let letters: [(flag: DomainStateFlags, letter: Character)] = [
        (.running, "r"), (.blocked, "b"), (.paused, "p"), (.shutdown, "s"), (.crashed, "c"), (.dying, "d"),
    ]

    /// The state string: the letter where the flag is set, `-` elsewhere (`-b----`).
    public var stateString: String {
        String(DomainStateFlags.letters.map { contains($0.flag) ? $0.letter : "-" })
    }

    /// Reads a state string: six positions, each its letter or `-` (3.0.x's `?`, "unknown", reads as unset).
    /// Returns `nil` for any other text.
    public init?(stateString text: String) {
        let characters = Array(text)
        guard characters.count == 6 else { return nil }
        var flags = DomainStateFlags()
        for (index, character) in characters.enumerated() {
            let (flag, letter) = DomainStateFlags.letters[index]
            switch character {
            case letter: flags.insert(flag)
            case "-", "?": break
            default: return nil
            }
        }
        self = flags
    }

    /// The status number xend derives from these flags (dying and shut down count as halted).
    public var status: DomainStatus {
        if contains(.dying) { return .halted }
        if contains(.crashed) { return .crashed }
        if contains(.shutdown) { return .halted }
        if contains(.paused) { return .paused }
        return .running
    }
}

extension DomainStateFlags: CustomStringConvertible {
    public var description: String { stateString }
}

/// JSON: the state string.
extension DomainStateFlags: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let flags = DomainStateFlags(stateString: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Invalid state string: \(text)")
        }
        self = flags
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stateString)
    }
}
