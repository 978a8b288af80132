import Logging
import Testing

@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite("DaemonLog and its handler")
struct DaemonLogTests {
    /// A pipe whose write end is the log's output; `drain()` closes it and returns what was written.
    final class OutputPipe {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            (readEnd, writeEnd) = (ends[0], ends[1])
        }

        /// `JOURNAL_STREAM` naming the write end, as systemd names a service's journal stream.
        var journalStream: String {
            var status = stat()
            fstat(writeEnd, &status)
            return "\(status.st_dev):\(status.st_ino)"
        }

        func drain() -> String {
            close(writeEnd)
            defer { close(readEnd) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let count = read(readEnd, &buffer, buffer.count), count > 0 { bytes += buffer[0..<count] }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    static func logger(_ log: DaemonLog, label: String = "xend.server") -> Logger {
        Logger(label: label) { DaemonLogHandler(label: $0, destination: log) }
    }

    @Test("timestamps are UTC in ISO 8601, and the cached one is the current second's")
    func timestamps() {
        #expect(String(decoding: LogTimestamp.format(0), as: UTF8.self) == "1970-01-01T00:00:00Z")
        #expect(String(decoding: LogTimestamp.format(1_000_000_000), as: UTF8.self) == "2001-09-09T01:46:40Z")
        #expect(String(decoding: LogTimestamp.format(951_825_599), as: UTF8.self) == "2000-02-29T11:59:59Z")
        // DaemonLog sizes each line's buffer with it.
        #expect(LogTimestamp.format(951_825_599).count == LogTimestamp.length)
        for _ in 0..<3 {
            let before = time(nil)
            let stamp = LogTimestamp.now()
            let after = time(nil)
            #expect((before...after).contains { LogTimestamp.format($0) == stamp })
            usleep(400_000)
        }
    }

    @Test("a terminal gets one line per event: UTC time, level, label, message, sorted metadata")
    func terminalLine() throws {
        let output = try OutputPipe()
        let log = DaemonLog(output: output.writeEnd, journalStream: nil)
        var logger = Self.logger(log)
        logger[metadataKey: "b"] = "2"
        logger.info("GET /xend/node 200 42µs", metadata: ["a": "1"])
        logger.debug("not shown at info")
        log.flush()
        let text = output.drain()
        #expect(!log.writesToJournal)
        #expect(text.hasSuffix(" info xend.server: GET /xend/node 200 42µs a=1 b=2\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
        let stamp = text.prefix(20)
        #expect(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T")
        #expect(log.text() == text)
    }

    @Test("the journal gets the syslog priority instead of the time; memory keeps the time")
    func journalLines() throws {
        let output = try OutputPipe()
        let log = DaemonLog(output: output.writeEnd, journalStream: output.journalStream)
        let logger = Self.logger(log, label: "xend")
        logger.info("ready")
        logger.notice("signal")
        logger.warning("exposed")
        logger.error("failed")
        logger.critical("cannot start")
        #expect(log.writesToJournal)
        #expect(
            output.drain()
                == "<6>info xend: ready\n<5>notice xend: signal\n<4>warning xend: exposed\n<3>error xend: failed\n"
                + "<2>critical xend: cannot start\n")
        #expect(log.text().split(separator: "\n").allSatisfy { $0.count > 21 && $0.dropFirst(19).hasPrefix("Z ") })
    }

    @Test("level names are swift-log's", arguments: Logger.Level.allCases)
    func levelNames(level: Logger.Level) {
        #expect(DaemonLog.name(of: level).description == level.rawValue)
    }

    @Test("a message handed over as bytes gives the line a logged event with the same text gives")
    func bytesAsEvent() throws {
        let output = try OutputPipe()
        let log = DaemonLog(output: output.writeEnd, journalStream: output.journalStream)
        var handler = DaemonLogHandler(label: "xend.server", destination: log)
        let message = "GET /xend/domain/é 200 42µs"
        var logger = Logger(label: "xend.server") { _ in handler }
        logger.info("\(message)")
        Array(message.utf8).withUnsafeBufferPointer { handler.log(level: .info, utf8Message: $0) }
        // Metadata on the handler and from a provider is appended after the message either way.
        handler[metadataKey: "b"] = "2"
        handler.metadataProvider = Logger.MetadataProvider { ["a": "1"] }
        logger = Logger(label: "xend.server") { _ in handler }
        logger.warning("\(message)")
        Array(message.utf8).withUnsafeBufferPointer { handler.log(level: .warning, utf8Message: $0) }
        let lines = output.drain().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines[4].isEmpty)
        #expect(lines[0] == "<6>info xend.server: \(message)" && lines[1] == lines[0])
        #expect(lines[2] == "<4>warning xend.server: \(message) a=1 b=2" && lines[3] == lines[2])
    }

    @Test("JOURNAL_STREAM naming another file, or nothing parseable, is not the journal")
    func notTheJournal() throws {
        let output = try OutputPipe()
        defer { _ = output.drain() }
        for value in ["1:1", "", "x:y", "12"] {
            #expect(!DaemonLog(output: output.writeEnd, journalStream: value).writesToJournal, "\(value)")
        }
    }

    @Test("memory keeps the newest lines, dropping the oldest whole")
    func ring() {
        var ring = LogLineRing(capacity: 20)
        func append(_ line: String) { Array(line.utf8).withUnsafeBufferPointer { ring.append($0) } }
        for line in ["first line\n", "second\n", "third\n", "fourth\n"] { append(line) }
        #expect(ring.text == "second\nthird\nfourth\n")
        #expect(ring.byteCount == 20)
        append("a line longer than twenty bytes\n")
        #expect(ring.text == "onger than twenty bytes\n".suffix(20))
        for number in 0..<500 { append("\(number % 10)\n") }
        #expect(ring.text == "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n")
    }

    @Test("memory keeps exactly the newest whole lines that fit, for random lines and sizes")
    func ringAgainstModel() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let capacity = Int.random(in: 1...120, using: &generator)
            var ring = LogLineRing(capacity: capacity)
            var lines: [[UInt8]] = []
            for number in 0..<Int.random(in: 1...60, using: &generator) {
                let length = Int.random(in: 0...(capacity + capacity / 2), using: &generator)
                let line = Array((0..<length).map { _ in UInt8(ascii: "a") + UInt8(number % 26) }) + [10]
                lines.append(line)
                line.withUnsafeBufferPointer { ring.append($0) }
                // The model: the newest line's end when it alone is too long, else the newest whole lines
                // that fit.
                var expected: [UInt8] = []
                if line.count > capacity {
                    expected = Array(line.suffix(capacity))
                } else {
                    for kept in lines.reversed() {
                        guard expected.count + kept.count <= capacity else { break }
                        expected = kept + expected
                    }
                }
                #expect(ring.text == String(decoding: expected, as: UTF8.self), "capacity \(capacity), line \(number)")
                #expect(ring.byteCount == expected.count)
            }
        }
    }

    @Test("the --daemon-log file gets every line once and is what the log answers; unreadable, memory answers")
    func file() throws {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let path = directory + "/xend.log"
        let earlier = "2013-01-01T00:00:00Z notice xend: an earlier run\n"
        try #require(
            earlier.withCString { text in
                let file = fopen(path, "w")
                defer { fclose(file) }
                return fputs(text, file) >= 0
            })
        let log = DaemonLog(filePath: path, output: nil)
        #expect(log.fileProblem == nil)
        Self.logger(log, label: "xend").notice("xend ready")
        let text = log.text()
        #expect(text.hasPrefix(earlier) && text.hasSuffix(" notice xend: xend ready\n"))
        #expect(text.filter { $0 == "\n" }.count == 2)
        unlink(path)
        #expect(log.text().hasSuffix(" notice xend: xend ready\n") && !log.text().contains("earlier"))
    }

    @Test("a --daemon-log file that is also the output gets each line once")
    func sameFileAsOutput() throws {
        let output = try LogWriterTests.AppendedFile()
        let log = DaemonLog(filePath: output.path, output: output.descriptor, journalStream: nil)
        Self.logger(log, label: "xend").notice("once")
        #expect(log.text().hasSuffix(" notice xend: once\n") && log.text().filter { $0 == "\n" }.count == 1)
    }

    @Test("a --daemon-log file that cannot be opened is reported; memory still answers")
    func unopenableFile() {
        let log = DaemonLog(filePath: "/nonexistent/xend.log", output: nil)
        #expect(log.fileProblem == "cannot open --daemon-log /nonexistent/xend.log: No such file or directory")
        Self.logger(log, label: "xend").notice("still kept")
        #expect(log.text().hasSuffix(" notice xend: still kept\n"))
    }
}
