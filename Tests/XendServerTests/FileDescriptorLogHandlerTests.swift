import Logging
import Testing

@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite("FileDescriptorLogHandler")
struct FileDescriptorLogHandlerTests {
    @Test("writes one line per event with UTC time, level, label, message and sorted metadata")
    func line() throws {
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        defer { close(pipeEnds[0]) }
        var logger = Logger(label: "xend.server") { FileDescriptorLogHandler(label: $0, fileDescriptor: pipeEnds[1]) }
        logger[metadataKey: "b"] = "2"
        logger.info("GET /xend/node 200 42µs", metadata: ["a": "1"])
        logger.debug("not shown at info")
        close(pipeEnds[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(pipeEnds[0], &buffer, buffer.count)
        let text = String(decoding: buffer[0..<max(count, 0)], as: UTF8.self)
        #expect(text.hasSuffix(" info xend.server: GET /xend/node 200 42µs a=1 b=2\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
        let stamp = text.prefix(20)
        #expect(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T")
    }
}
