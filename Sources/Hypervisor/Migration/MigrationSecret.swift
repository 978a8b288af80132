import Crypto

#if canImport(Glibc)
    import Glibc
#endif

/// The secret both ends of a migration hold (`xend-relocation-secret-file`). Peers prove they hold it
/// without sending it: each side answers the other's fresh nonce with an HMAC-SHA256 (see
/// `MigrationChannel+Authentication.swift`).
public struct MigrationSecret: Sendable, Equatable {
    /// The fewest bytes a secret may have: 16 random bytes, or a passphrase at least that long.
    public static let minimumLength = 16

    let key: SymmetricKey

    /// A secret from bytes (tests; the daemon reads a file).
    /// - Throws: ``Problem`` when it is shorter than ``minimumLength``.
    public init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count >= Self.minimumLength else {
            throw Problem("the relocation secret must be at least \(Self.minimumLength) bytes long")
        }
        key = SymmetricKey(data: bytes)
    }

    /// Reads the secret from `path`: the file's bytes, without trailing newlines. The file must belong to
    /// this process's user and give no access to anyone else (mode 0600 or 0400), as a private key must.
    /// - Throws: ``Problem`` saying what is wrong with the file.
    public init(contentsOfFile path: String) throws(Problem) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Problem("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Problem("\(path) is not a regular file")
        }
        guard status.st_uid == geteuid(), status.st_mode & 0o077 == 0 else {
            throw Problem(
                "\(path) must belong to this daemon's user and be readable by it alone (chmod 600 \(path))")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= 1 << 16 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Problem("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        do throws(Problem) {
            try self.init(bytes: bytes)
        } catch {
            throw Problem("\(path): \(error.message)")
        }
    }

    /// The proof that one `side` holds the secret, for the two nonces of one connection.
    func proof(_ side: Side, senderNonce: String, receiverNonce: String) -> String {
        let message = Array("xend-relocation \(side.rawValue)\n\(senderNonce)\n\(receiverNonce)".utf8)
        return Self.hex(Array(HMAC<SHA256>.authenticationCode(for: message, using: key)))
    }

    /// Whether `presented` is `side`'s proof; compared in constant time.
    func verify(_ presented: String, _ side: Side, senderNonce: String, receiverNonce: String) -> Bool {
        guard let code = Self.bytes(fromHex: presented) else { return false }
        let message = Array("xend-relocation \(side.rawValue)\n\(senderNonce)\n\(receiverNonce)".utf8)
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: key)
    }

    /// 32 fresh random bytes, in hex.
    static func nonce() -> String {
        hex(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// Which end a proof is for, so one side's proof can never be replayed as the other's.
    enum Side: String {
        case sender, receiver
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: text, as: UTF8.self)
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, digits.count <= 128 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// Why a secret cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let message: String

        init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }
}
