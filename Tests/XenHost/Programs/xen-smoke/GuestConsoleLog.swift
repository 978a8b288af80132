import Glibc

/// The file `xenconsoled --log=guest` writes a guest's console to: `DIR/guest-NAME.log`.
struct GuestConsoleLog {
    let path: String

    init(directory: String, guestName: String) {
        path = "\(directory)/guest-\(guestName).log"
    }

    /// Whether the log holds `text` yet (false while the file does not exist).
    func contains(_ text: String) -> Bool {
        let bytes = readAll()
        let needle = Array(text.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in
            bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// The lines holding `text`, for printing what the guest said.
    func lines(containing text: String) -> [String] {
        String(decoding: readAll(), as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .filter { $0.contains(text) }
            .map(String.init)
    }

    private func readAll() -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { _ = Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
