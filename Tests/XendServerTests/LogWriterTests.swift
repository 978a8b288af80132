import Dispatch
import Logging
import Synchronization
import Testing

@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

@Suite("LogWriter: the daemon's log lines in batches")
struct LogWriterTests {
    /// A file in a fresh directory, open for appending, as a log's output; removed with its directory
    /// when the test ends.
    final class AppendedFile {
        let directory = makeTemporaryDirectory()
        let path: String
        let descriptor: Int32

        init() throws {
            path = directory + "/output"
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            try #require(descriptor >= 0)
        }

        deinit {
            close(descriptor)
            removeTree(directory)
        }

        /// The bytes of the file at `path` (this one's unless given).
        func contents(of path: String? = nil) -> String {
            let file = open(path ?? self.path, O_RDONLY)
            guard file >= 0 else { return "" }
            defer { close(file) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while case let count = read(file, &buffer, buffer.count), count > 0 { bytes += buffer[0..<count] }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test("an info line reaches the output by itself, without a flush, within a second")
    func infoLineArrives() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let log = DaemonLog(output: ends[1], journalStream: nil)
        DaemonLogTests.logger(log).info("GET /xend/node 200 42µs")
        var reader = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&reader, 1, 1000) == 1)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(ends[0], &buffer, buffer.count)
        let text = String(decoding: buffer[0..<max(count, 0)], as: UTF8.self)
        #expect(text.hasSuffix(" info xend.server: GET /xend/node 200 42µs\n"))
        close(ends[1])
    }

    @Test("lines of many threads arrive whole and in each thread's order; a notice writes those before it")
    func manyThreads() async throws {
        let output = try AppendedFile()
        let logPath = output.directory + "/xend.log"
        let log = DaemonLog(filePath: logPath, output: output.descriptor, journalStream: nil)
        let logger = DaemonLogTests.logger(log)
        let (threads, lines) = (4, 3000)
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<threads {
                group.addTask {
                    for line in 0..<lines {
                        logger.info("thread \(thread) line \(line) \(String(repeating: "x", count: line % 200))")
                    }
                }
            }
        }
        logger.notice("the end")
        for path in [output.path, logPath] {
            let text = output.contents(of: path)
            let written = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(written.count == threads * lines + 2 && written.last == "", "\(path)")
            #expect(written.dropLast().last?.hasSuffix(" notice xend.server: the end") == true, "\(path)")
            var next = [Int](repeating: 0, count: threads)
            for line in written.dropLast(2) {
                let words = line.split(separator: " ")
                guard words.count >= 7, words[1] == "info", let thread = Int(words[4]), let number = Int(words[6]),
                    thread < threads, number == next[thread]
                else {
                    Issue.record("\(path): out of order or broken: \(line.prefix(80))")
                    break
                }
                #expect((words.count == 8 ? words[7].count : 0) == number % 200)
                next[thread] += 1
            }
            #expect(next == [Int](repeating: lines, count: threads), "\(path)")
        }
    }

    @Test("lines logged one after another by different threads are written in the order they were logged")
    func orderAcrossThreads() throws {
        let output = try AppendedFile()
        let log = DaemonLog(output: output.descriptor, journalStream: nil)
        let logger = DaemonLogTests.logger(log)
        // Two threads take turns, as a client's requests answered one after another by different worker
        // threads: each logs its line, then lets the other go. The lines land in two thread slots.
        let turns = [DispatchSemaphore(value: 1), DispatchSemaphore(value: 0)]
        let count = 400
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            for line in stride(from: thread, to: count, by: 2) {
                turns[thread].wait()
                logger.info("line \(line)")
                turns[1 - thread].signal()
            }
        }
        log.flush()
        let numbers = output.contents().split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.flatMap { Int($0) }
        }
        #expect(numbers == Array(0..<count))
        #expect(log.text().split(separator: "\n").count == count)
    }

    @Test("writes end at a newline within PIPE_BUF bytes; a longer line is one write of its own")
    func chunks() {
        let short = Array(String(repeating: "a", count: 99).utf8) + [UInt8(ascii: "\n")]
        let long = Array(String(repeating: "b", count: 6000).utf8) + [UInt8(ascii: "\n")]
        let bytes = Array(repeating: short, count: 50).flatMap { $0 } + long + short
        bytes.withUnsafeBufferPointer { buffer in
            var ends: [Int] = []
            var start = 0
            while start < buffer.count {
                start = LogWriter.chunkEnd(buffer, from: start)
                ends.append(start)
            }
            // 40 lines of 100 bytes fill PIPE_BUF (4096) as nearly as whole lines can, then 10, the long
            // line and the last.
            #expect(ends == [4000, 5000, 11001, 11101])
        }
    }

    @Test("a child forked while the writer's locks are held writes its own line at once and exits")
    func forkedChild() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let writer = LogWriter(descriptors: [ends[1]])
        // A line first, as the daemon has written many before libxl forks: the Swift runtime then has
        // the types the write needs, and the child need not look them up under a runtime lock that
        // another thread of this process may hold at the fork.
        writer.write { $0[0].append(contentsOf: Array("from the parent\n".utf8)) }
        var child: pid_t = -1
        // Fork inside `write`, which holds both of the writer's locks, as another thread may when libxl forks.
        writer.write { _ in
            child = fork()
            if child == 0 {
                writer.queue { $0[0].append(contentsOf: Array("from the child\n".utf8)) }
                _exit(0)
            }
        }
        try #require(child > 0)
        close(ends[1])
        var status: Int32 = 0
        var waited: pid_t = 0
        for _ in 0..<500 where waited == 0 {
            waited = waitpid(child, &status, WNOHANG)
            if waited == 0 { usleep(10_000) }
        }
        if waited == 0 {
            kill(child, SIGKILL)
            waitpid(child, &status, 0)
        }
        #expect(waited == child, "the child hung on a lock held at the fork")
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(ends[0], &buffer, buffer.count)
        #expect(String(decoding: buffer[0..<max(count, 0)], as: UTF8.self) == "from the parent\nfrom the child\n")
    }

    @Test("stopping writes what is queued; lines after it are dropped")
    func stop() throws {
        let output = try AppendedFile()
        let writer = LogWriter(descriptors: [output.descriptor])
        for number in 0..<100 { writer.queue { $0[0].append(contentsOf: Array("queued \(number)\n".utf8)) } }
        writer.stop()
        writer.queue { $0[0].append(contentsOf: Array("after\n".utf8)) }
        writer.write { $0[0].append(contentsOf: Array("after at once\n".utf8)) }
        usleep(20_000)
        let text = output.contents()
        #expect(text == (0..<100).map { "queued \($0)\n" }.joined())
    }
}
