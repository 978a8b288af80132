import Dispatch
import Hypervisor
import Logging
import SExpression
import SimulatedHost
import XendModel

/// Measures the simulated host: listing 1,000 domains with full detail (the goal is under 10 ms), and
/// the rate of mixed operations. Run with `swift run -c release bench-hypervisor`.
@main
enum BenchHypervisor {
    static func main() throws {
        let domains = 1000
        var configuration = SimulatedHypervisor.Configuration()
        configuration.host.totalMemory = .mebibytes(1024 * 1024)
        var logger = Logger(label: "bench-hypervisor")
        logger.logLevel = .warning
        let host = try SimulatedHypervisor(configuration: configuration, logger: logger)
        for index in 0..<domains {
            let config = try VMConfig(
                SExpression.parse(
                    "(vm (name guest\(index)) (memory 256) (vcpus 2) (image (linux (kernel /boot/vmlinuz) (args 'ro quiet')))"
                        + " (device (vbd (uname phy:/dev/vg/guest\(index)) (dev xvda) (mode w)))"
                        + " (device (vif (bridge xenbr0))))"))
            let record = try host.createDomain(config)
            if index % 4 != 0 { try host.unpause(record.domainID!) }
        }

        let listing = measure(iterations: 200) { _ = try? host.domainRecords() }
        report("list \(domains + 1) domains with full detail (records)", listing)
        // Worst case: every domain changed since the last listing, so every record is rebuilt.
        var weight = 256
        let cold = (0..<20).map { _ in
            weight += 1
            for index in 1...domains {
                try? host.setCreditSchedulerParameters(
                    CreditSchedulerParameters(weight: weight, cap: 0), for: DomainID(UInt32(index)))
            }
            return time { _ = try? host.domainRecords() }
        }.sorted()
        report("list \(domains + 1) domains with full detail, every record rebuilt", cold)
        let printing = measure(iterations: 50) {
            let records = (try? host.domainRecords()) ?? []
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 20)
            SExpression.list(records.map { $0.toSExpression() }).write(into: &bytes)
        }
        report("list \(domains + 1) domains as S-expression text", printing)
        let names = measure(iterations: 200) { _ = try? host.domainNames(.status(.running)) }
        report("names of running domains", names)
        let lookup = measure(iterations: 20_000) { _ = try? host.domain(matching: "guest500") }
        report("look up one domain by name", lookup)
        let node = measure(iterations: 20_000) { _ = try? host.nodeRecord() }
        report("node record", node)

        let operations = 100_000
        let threads = 8
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for step in 0..<(operations / threads) {
                let id = DomainID(UInt32(1 + (step * 7 + thread * 131) % domains))
                switch step % 4 {
                case 0: try? host.setMemoryTarget(.mebibytes(UInt64(128 + step % 128)), for: id)
                case 1: _ = try? host.creditSchedulerParameters(id)
                case 2: try? host.pinVCPU(nil, to: [step % 8], for: id)
                default: _ = try? host.vcpuInfo(id)
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("mixed operations, \(threads) threads: \(Int(Double(operations) / seconds)) ops/s")
    }

    static func measure(iterations: Int, _ body: () -> Void) -> [Double] {
        body()
        return (0..<iterations).map { _ in time(body) }.sorted()
    }

    /// Milliseconds `body` takes.
    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    static func report(_ what: String, _ samples: [Double]) {
        func format(_ value: Double) -> String {
            let rounded = (value * 1000).rounded() / 1000
            return "\(rounded)"
        }
        print(
            "\(what): median \(format(samples[samples.count / 2])) ms, min \(format(samples[0])) ms, "
                + "p90 \(format(samples[samples.count * 9 / 10])) ms")
    }
}
