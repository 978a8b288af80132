import FoundationEssentials
import Testing
import XendModel

@testable import LibxlBackend

#if canImport(Glibc)
    import Glibc
#endif

/// The header `op=save` writes in front of libxl's stream, and `op=restore`'s refusal of other files.
@Suite("Save file header")
struct LibxlSaveHeaderTests {
    let header = LibxlSaveHeader(xendConfig: Array(#"{"name":"a"}"#.utf8), libxlConfig: Array(#"{"c_info":{}}"#.utf8))

    /// Reads `bytes` as a file would, recording how far the reader got.
    final class ByteReader {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func read(_ count: Int) -> [UInt8] {
            let end = min(bytes.count, offset + count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    func decode(_ bytes: [UInt8]) throws(LibxlSaveHeader.FormatError) -> LibxlSaveHeader {
        let reader = ByteReader(bytes)
        return try LibxlSaveHeader { (count: Int) throws(LibxlSaveHeader.FormatError) in reader.read(count) }
    }

    func failure(_ bytes: [UInt8]) -> String? {
        do {
            _ = try decode(bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("round trip; the reader stops exactly where libxl's stream begins")
    func roundTrip() throws {
        let stream: [UInt8] = Array("Xen saved domain stream".utf8)
        let reader = ByteReader(header.encoded() + stream)
        let decoded = try LibxlSaveHeader { (count: Int) throws(LibxlSaveHeader.FormatError) in reader.read(count) }
        #expect(decoded == header)
        #expect(Array(reader.bytes[reader.offset...]) == stream)
    }

    @Test("layout: magic, big-endian version and lengths")
    func layout() {
        let bytes = header.encoded()
        #expect(Array(bytes[0..<8]) == Array("XENDLXSV".utf8))
        #expect(Array(bytes[8..<12]) == [0, 0, 0, 1])
        #expect(Array(bytes[12..<16]) == [0, 0, 0, UInt8(header.xendConfig.count)])
        #expect(bytes.count == 8 + 4 + 4 + header.xendConfig.count + 4 + header.libxlConfig.count + 8)
    }

    @Test(
        "another tool's file is refused on its signature", arguments: ["XSIMSAVE", "Xen saved domain, xl format", ""])
    func foreignFile(_ start: String) {
        let text = failure(Array(start.utf8) + [0, 0, 0, 1])
        if start.isEmpty {
            #expect(text == "not a valid guest state file: truncated in signature")
        } else {
            #expect(text?.hasPrefix("not a valid guest state file: found '\(start.prefix(8))'") == true)
        }
    }

    @Test("a newer version is refused by number")
    func newerVersion() {
        var bytes = header.encoded()
        bytes[11] = 2
        #expect(failure(bytes) == "unsupported guest state file version 2 (this host reads version 1)")
    }

    @Test("truncation and corruption are detected")
    func damaged() {
        let bytes = header.encoded()
        #expect(failure(Array(bytes.prefix(20))) == "not a valid guest state file: truncated in xend config")
        #expect(failure(Array(bytes.dropLast(3))) == "not a valid guest state file: truncated in checksum")
        var flipped = bytes
        flipped[18] ^= 0x20
        #expect(failure(flipped) == "not a valid guest state file: header checksum mismatch (corrupt)")
        var huge = bytes
        huge[12] = 0x7f
        #expect(failure(huge)?.contains("xend config of 2130706") == true)
    }

    @Test("through a real file: the descriptor is left at the stream")
    func realFile() throws {
        let path = "/tmp/libxl-save-header-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        defer { unlink(path) }
        do {
            let file = try SaveFileDescriptor(creating: path, for: path)
            try file.write(header.encoded() + [1, 2, 3])
        }
        let file = try SaveFileDescriptor(reading: path)
        let decoded = try LibxlSaveHeader { (count: Int) throws(LibxlSaveHeader.FormatError) in
            do throws(XendError) {
                return try file.read(count)
            } catch {
                throw LibxlSaveHeader.FormatError(description: error.message)
            }
        }
        #expect(decoded == header)
        #expect(try file.read(10) == [1, 2, 3])
    }

    @Test("missing files and unwritable places give xend's texts")
    func fileErrors() {
        #expect(throws: XendError.cannotReadStateFile("/nonexistent.chk", "No such file or directory")) {
            _ = try SaveFileDescriptor(reading: "/nonexistent.chk")
        }
        #expect(throws: XendError.cannotWriteStateFile("/nonexistent/x", "No such file or directory")) {
            _ = try SaveFileDescriptor(creating: "/nonexistent/x.tmp", for: "/nonexistent/x")
        }
    }
}
