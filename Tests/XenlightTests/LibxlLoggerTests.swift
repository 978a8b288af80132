import CLibxl
import CXenlightShims
import Logging
import Testing

@testable import Xenlight

#if canImport(Glibc)
    import Glibc
#endif

/// The C logger libxl writes through: both of its entry points must reach swift-log.
@Suite("LibxlLogger")
struct LibxlLoggerTests {
    @Test("libxc's save/restore progress reports arrive as info messages instead of calling a null pointer")
    func forwardsProgress() throws {
        let logs = CollectedLogs()
        let logger = try LibxlLogger(logger: logs.logger())
        defer { logger.destroy() }
        xtl_progress(UnsafeMutablePointer<xentoollog_logger>(logger.pointer), "xc", "Restoring memory", 50, 200)
        #expect(logs.all.contains { $0.0 == .info && $0.1 == "Restoring memory: 25% (50 of 200)" }, "\(logs.all)")
    }
}

/// libxl forks helper children that log through the same logger (Sources/CXenlightShims/logger.c). In the
/// child of a multi-threaded daemon, Swift code may wait forever for a lock another thread held at the fork,
/// so the child must never reach the Swift sink.
@Suite("LibxlLogger in a forked child")
struct LibxlLoggerForkTests {
    @Test("the child writes warnings to standard error itself, drops the rest, and never calls into Swift")
    func childBypassesSwift() throws {
        // A sink that would write its own line to standard error, so the child's output shows which path ran.
        let logger = try LibxlLogger(logger: Logger(label: "fork-test") { StreamLogHandler.standardError(label: $0) })
        defer { logger.destroy() }
        let cLogger = UnsafeMutablePointer<xentoollog_logger>(logger.pointer)
        let vmessage = try #require(cLogger.pointee.vmessage)
        var ends: [Int32] = [-1, -1]
        try #require(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // The va_list is made before the fork: only C calls run in the child.
        let pid = withVaList([]) { noArguments -> pid_t in
            let pid = CXenlightShims_fork_with_empty_signal_mask(nil)
            if pid == 0 {
                alarm(10)  // a child stuck on a lock dies of SIGALRM instead of hanging the test
                dup2(writeEnd, STDERR_FILENO)
                vmessage(cLogger, XTL_WARN, -1, "test", "a warning from the child", noArguments)
                vmessage(cLogger, XTL_DEBUG, -1, "test", "a debug line from the child", noArguments)
                _exit(0)
            }
            return pid
        }
        close(writeEnd)
        try #require(pid > 0)
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 { output += buffer[..<count] } else if count == 0 || errno != EINTR { break }
        }
        close(readEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status == 0, "the child did not exit normally (status \(status))")
        #expect(String(decoding: output, as: UTF8.self) == "xenlight (child): test: a warning from the child\n")
    }
}
