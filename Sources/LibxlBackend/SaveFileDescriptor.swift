import FoundationEssentials
import Hypervisor
import XendModel

#if canImport(Glibc)
    import Glibc
#endif

/// An open save or restore file: whole writes and exact reads on a raw descriptor, which libxl then
/// continues from (it writes or reads its stream at the descriptor's position).
struct SaveFileDescriptor: ~Copyable {
    let descriptor: Int32
    /// The path named in errors.
    let path: String

    /// Opens `path` for reading.
    /// - Throws: xend's `can't read guest state file <path>: <strerror>`.
    init(reading path: String) throws(XendError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .cannotReadStateFile(path, AtomicFile.errorText()) }
        self.descriptor = descriptor
        self.path = path
    }

    /// Creates `temporaryPath` (which must not exist) for writing, mode 0600; errors name `path`.
    /// - Throws: xend's `can't write guest state file <path>: <strerror>`.
    init(creating temporaryPath: String, for path: String) throws(XendError) {
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWriteStateFile(path, AtomicFile.errorText()) }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Writes every byte, retrying short writes.
    func write(_ bytes: [UInt8]) throws(XendError) {
        do throws(AtomicFile.Failure) {
            try AtomicFile.writeAll(bytes, to: descriptor, path: path)
        } catch {
            throw .cannotWriteStateFile(path, error.reason)
        }
    }

    /// Flushes the file to disk.
    func sync() throws(XendError) {
        guard fsync(descriptor) == 0 else { throw .cannotWriteStateFile(path, AtomicFile.errorText()) }
    }

    /// Reads `count` bytes, or fewer at the end of the file; never more, so the position stays exact.
    func read(_ count: Int) throws(XendError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = bytes[offset...].withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .cannotReadStateFile(path, AtomicFile.errorText()) }
            if got == 0 { break }
            offset += got
        }
        return Array(bytes[..<offset])
    }
}
