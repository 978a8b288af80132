import SExpression
import XendModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parse and print throughput of a ~4 KB domain record, in MB/s (10^6 bytes per second).
/// Run with `make bench BENCH=sexpression` (Benchmarks/run.sh); each measurement repeats for at least a second.
/// Two figures per line: bytes per wall-clock second, and bytes per second of this thread's CPU time, which
/// stays meaningful when other processes share the cores.
@main
enum SExpressionBench {
    static func main() throws {
        let record = SampleDomainRecord.make(atLeast: 4096)
        let bytes = Array(record.description.utf8)
        let text = record.description
        guard try SExpression.parse(bytes) == record else {
            print("error: the sample record does not round-trip")
            return
        }
        print("S-expression benchmark: domain record of \(bytes.count) bytes, \(count(record)) values")

        report("parse [UInt8]", bytes: bytes.count) {
            (try? SExpression.parse(bytes)) == nil ? 0 : 1
        }
        report("parse String", bytes: bytes.count) {
            (try? SExpression.parse(text)) == nil ? 0 : 1
        }
        var buffer: [UInt8] = []
        report("print write(into:), reused buffer", bytes: bytes.count) {
            buffer.removeAll(keepingCapacity: true)
            record.write(into: &buffer)
            return buffer.count
        }
        report("print description (String)", bytes: bytes.count) {
            record.description.utf8.count
        }

        // The same record through XendModel's field table (the daemon's path for `GET /xend/domain/<dom>`).
        let domain = try DomainRecord(record)
        report("record from fields DomainRecord(_:)", bytes: bytes.count) {
            (try? DomainRecord(record)) == nil ? 0 : 1
        }
        report("record to fields toSExpression()", bytes: bytes.count) {
            domain.toSExpression().listValue?.count ?? 0
        }
    }

    /// Runs `body` in batches until at least a second has passed and prints the throughput.
    /// `body` returns a number that is summed and printed so the work cannot be optimised away.
    static func report(_ name: String, bytes: Int, _ body: () -> Int) {
        for _ in 0..<1000 { _ = body() }  // warm up caches and allocator
        var iterations = 0
        var checksum = 0
        let wallStart = now(CLOCK_MONOTONIC)
        let cpuStart = now(CLOCK_THREAD_CPUTIME_ID)
        var wallSeconds = 0.0
        while wallSeconds < 1 {
            for _ in 0..<1000 { checksum &+= body() }
            iterations += 1000
            wallSeconds = now(CLOCK_MONOTONIC) - wallStart
        }
        let cpuSeconds = now(CLOCK_THREAD_CPUTIME_ID) - cpuStart
        let total = Double(bytes * iterations)
        print(
            "\(name.padding(to: 34)) \(format(total / wallSeconds / 1e6)) MB/s wall, "
                + "\(format(total / cpuSeconds / 1e6)) MB/s CPU  "
                + "(\(format(cpuSeconds / Double(iterations) * 1e6)) µs CPU per record, \(iterations) runs, "
                + "checksum \(checksum))"
        )
    }

    static func now(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func count(_ value: SExpression) -> Int {
        guard case .list(let elements) = value else { return 1 }
        return 1 + elements.reduce(0) { $0 + count($1) }
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
