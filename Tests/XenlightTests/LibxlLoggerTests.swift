import CLibxl
import Logging
import Testing

@testable import Xenlight

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
