#if canImport(Glibc)
    import Glibc
#endif

/// Runs named steps and prints one `PASS name` / `FAIL name: reason` line each, then the totals.
final class ExerciseRunner {
    private(set) var passed = 0
    private(set) var failed = 0
    private(set) var skipped = 0

    /// Runs `body`; a thrown error or a nil result is a failure. Returns the step's result.
    @discardableResult
    func step<T>(_ name: String, _ body: () throws -> T?) -> T? {
        do {
            guard let value = try body() else {
                report(name, failure: "no result")
                return nil
            }
            passed += 1
            say("PASS \(name)")
            return value
        } catch {
            report(name, failure: "\(error)")
            return nil
        }
    }

    /// A step that must hold: `condition` describes what was wrong when it returns a message.
    func expect(_ name: String, _ problem: () throws -> String?) {
        do {
            if let problem = try problem() {
                report(name, failure: problem)
            } else {
                passed += 1
                say("PASS \(name)")
            }
        } catch {
            report(name, failure: "\(error)")
        }
    }

    /// A call this host cannot make: one `SKIP name: reason` line, counted apart from passes and failures.
    func skip(_ name: String, _ reason: String) {
        skipped += 1
        say("SKIP \(name): \(reason)")
    }

    private func report(_ name: String, failure: String) {
        failed += 1
        say("FAIL \(name): \(failure)")
    }

    /// Prints and flushes at once: stdout is often a pipe (block-buffered), and a line still in the
    /// buffer would be lost if a later libxl call crashed the process.
    private func say(_ line: String) {
        print(line)
        fflush(nil)  // all streams: Swift 6 rejects touching the global `stdout`
    }

    var summary: String { "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "") }
}
