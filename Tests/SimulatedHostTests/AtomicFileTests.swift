import Glibc
import Testing

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Atomic state files")
struct AtomicFileTests {
    @Test("write then read returns the payload; damage is reported, never loaded")
    func roundTripAndDamage() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/a/b/file"
        try AtomicFile.makeDirectory(directory.path + "/a/b")
        try AtomicFile.write(Array("hello".utf8), to: path)
        #expect(try AtomicFile.read(path) == Array("hello".utf8))
        try AtomicFile.write(Array("second".utf8), to: path)
        #expect(try AtomicFile.read(path) == Array("second".utf8))
        #expect(try AtomicFile.entries(of: directory.path + "/a/b") == ["file"])

        var bytes = try AtomicFile.readAll(path)
        bytes.removeLast()
        try directory.writeRaw(bytes, to: "a/b/file")
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.read(path) }
        bytes.append(UInt8(ascii: "X"))
        try directory.writeRaw(bytes, to: "a/b/file")
        do {
            _ = try AtomicFile.read(path)
            Issue.record("a corrupt file was loaded")
        } catch {
            #expect(error.reason == "checksum mismatch (corrupt)")
        }
        try directory.writeRaw(Array("junk".utf8), to: "a/b/file")
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.read(path) }
    }

    @Test("a missing file reports strerror")
    func missing() {
        do {
            _ = try AtomicFile.read("/nonexistent/xend-sim")
            Issue.record("read succeeded")
        } catch {
            #expect(error.reason == "No such file or directory")
        }
    }
}
