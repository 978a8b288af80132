import Glibc
import Testing

@testable import xen_smoke

@Suite("xen-smoke guest console log")
struct GuestConsoleLogTests {
    /// A fresh directory under /tmp, removed by the caller.
    private func temporaryDirectory() throws -> String {
        let template = try #require(strdup("/tmp/xen-smoke-tests-XXXXXX"))
        defer { free(template) }
        let made = try #require(mkdtemp(template))
        return String(cString: made)
    }

    @Test("finds the marker in guest-NAME.log, line by line, CRLF or not")
    func findsMarker() throws {
        let directory = try temporaryDirectory()
        defer { _ = system("rm -rf '\(directory)'") }
        let log = GuestConsoleLog(directory: directory, guestName: "g")
        #expect(log.path == "\(directory)/guest-g.log")
        #expect(!log.contains("READY"))  // no file yet

        let file = try #require(fopen(log.path, "w"))
        fputs("booting\r\nREADY kernel 6.1\r\nALIVE 5\n", file)
        fclose(file)
        #expect(log.contains("READY"))
        #expect(!log.contains("MISSING"))
        #expect(log.lines(containing: "READY") == ["READY kernel 6.1"])
        #expect(log.lines(containing: "ALIVE") == ["ALIVE 5"])
    }
}
