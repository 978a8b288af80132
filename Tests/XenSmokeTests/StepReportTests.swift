import Testing

@testable import xen_smoke

@Suite("xen-smoke step report")
struct StepReportTests {
    @Test("a passing step returns its value and counts as passed")
    func passingStep() {
        var report = StepReport()
        let value = report.step("answer") { () throws(SmokeFailure) in 42 }
        #expect(value == 42)
        #expect(report.passedCount == 1)
        #expect(report.failedCount == 0)
        #expect(report.summary == "1 passed, 0 failed")
    }

    @Test("a failing step returns nil and counts as failed")
    func failingStep() {
        var report = StepReport()
        let value = report.step("broken") { () throws(SmokeFailure) -> Int in throw SmokeFailure("no") }
        #expect(value == nil)
        #expect(report.summary == "0 passed, 1 failed")
    }

    @Test(
        "durations print as seconds with two decimals",
        arguments: [
            (Duration.milliseconds(0), "0.00 s"),
            (.milliseconds(50), "0.05 s"),
            (.milliseconds(1230), "1.23 s"),
            (.seconds(61), "61.00 s"),
        ]
    )
    func seconds(duration: Duration, text: String) {
        #expect(StepReport.seconds(duration) == text)
    }

    @Test("libxl error codes are named after libxl's own table")
    func libxlErrorName() {
        #expect(
            SmokeFailure(libxl: "libxl_domain_pause", rc: -21).description
                == "libxl_domain_pause returned -21 (ERROR_DOMAIN_NOTFOUND)")
        #expect(throws: SmokeFailure.self) { try checkLibxl(-3, "libxl_x") }
        #expect(throws: Never.self) { try checkLibxl(0, "libxl_x") }
    }
}
