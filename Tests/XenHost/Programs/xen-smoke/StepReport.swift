import Glibc

/// Runs named steps, prints `PASS name (1.23 s)` or `FAIL name: reason` for each, and counts them.
struct StepReport {
    private(set) var passedCount = 0
    private(set) var failedCount = 0

    /// Runs `body` as the step `name`.
    /// - Returns: the step's result, or nil when it failed (the failure is already printed).
    mutating func step<T>(_ name: String, _ body: () throws(SmokeFailure) -> T) -> T? {
        let start = ContinuousClock.now
        do {
            let result = try body()
            passedCount += 1
            print("PASS \(name) (\(Self.seconds(start.duration(to: .now))))")
            flushOutput()
            return result
        } catch {
            failedCount += 1
            print("FAIL \(name): \(error) (after \(Self.seconds(start.duration(to: .now))))")
            flushOutput()
            return nil
        }
    }

    /// The closing `N passed, M failed` line.
    var summary: String { "\(passedCount) passed, \(failedCount) failed" }

    /// `1.23 s`, without Foundation's formatters.
    static func seconds(_ duration: Duration) -> String {
        let hundredths =
            Int(duration.components.seconds) * 100
            + Int(duration.components.attoseconds / 10_000_000_000_000_000)
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }
}

/// Flushes stdout so PASS/FAIL lines interleave correctly with libxl's stderr log on the serial console.
func flushOutput() {
    fflush(nil)
}

/// Writes a line to stderr (usage errors; PASS/FAIL lines go to stdout).
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

/// Sleeps the calling thread (the smoke test is single-threaded and synchronous, like libxl's sync calls).
func pauseThread(milliseconds: Int) {
    usleep(useconds_t(milliseconds * 1000))
}

/// Retries `condition` every `intervalMilliseconds` until it holds or `timeoutSeconds` pass.
/// - Returns: whether it held.
func waitUntil(
    timeoutSeconds: Int,
    intervalMilliseconds: Int = 250,
    _ condition: () throws(SmokeFailure) -> Bool
) throws(SmokeFailure) -> Bool {
    let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
    while true {
        if try condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        pauseThread(milliseconds: intervalMilliseconds)
    }
}
