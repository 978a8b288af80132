import Dispatch
import Hypervisor
import SimulatedHost
import Synchronization
import Testing
import XendModel

/// A manual clock whose first `sleep` (a save writing its first slice) blocks until the test releases it.
final class GateClock: SimulationClock {
    let base = ManualClock()
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    private let armed = Mutex(true)

    func now() -> SimulationInstant { base.now() }

    func sleep(until deadline: SimulationInstant) {
        if armed.withLock({ armed in
            defer { armed = false }
            return armed
        }) {
            entered.signal()
            release.wait()
        }
        base.sleep(until: deadline)
    }
}

/// A small deterministic generator (xorshift), one per thread.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@Suite("Simulated host: concurrency")
struct SimulatedConcurrencyTests {
    @Test("a slow save blocks neither node queries nor other domains, only its own domain")
    func slowSaveIsolation() throws {
        let directory = try TemporaryDirectory()
        let clock = GateClock()
        var configuration = SimulatedHypervisor.Configuration()
        configuration.clock = clock
        let host = try SimulatedHypervisor(configuration: configuration)
        let saving = try host.createDomain(TestHost.guest("saving")).domainID!
        let other = try host.createDomain(TestHost.guest("other")).domainID!
        try host.unpause(saving)

        let saveResult = Mutex<XendError?>(nil)
        let saver = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do throws(XendError) { try host.save(saving, to: directory.path + "/saving") } catch {
                saveResult.withLock { $0 = error }
            }
            saver.signal()
        }
        #expect(clock.entered.wait(timeout: .now() + 10) == .success)

        // The save is now inside its slow part, holding its domain's lock.
        let othersDone = runOnThreads(4, timeout: 10) { index in
            _ = try? host.nodeRecord()
            _ = try? host.domainRecords()
            try? host.unpause(other)
            try? host.pause(other)
            _ = try? host.createDomain(TestHost.guest("new\(index)"))
        }
        #expect(othersDone, "operations on other domains waited for the save")
        #expect(try host.domain(matching: "saving").state?.stateString == "---s--")

        let sameDomain = Mutex<XendError?>(nil)
        let sameDomainDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            do throws(XendError) { try host.pause(saving) } catch { sameDomain.withLock { $0 = error } }
            sameDomainDone.signal()
        }
        #expect(sameDomainDone.wait(timeout: .now() + 0.3) == .timedOut, "the saving domain's lock was not held")
        clock.release.signal()
        #expect(saver.wait(timeout: .now() + 10) == .success)
        #expect(sameDomainDone.wait(timeout: .now() + 10) == .success)
        #expect(saveResult.withLock { $0 } == nil)
        #expect(sameDomain.withLock { $0 } == .noSuchDomain("\(saving)"))
    }

    @Test("32 threads × 1,000 mixed operations: no deadlock, memory adds up")
    func mixedOperations() throws {
        let test = try TestHost(memoryMiB: 65536)
        let host = test.host
        let clock = test.clock
        for index in 0..<8 { try test.running("shared\(index)", memory: 64, extra: "(vcpus 4) (maxmem 1024)") }
        let unexpected = Mutex<[String]>([])

        let finished = runOnThreads(32, timeout: 120) { thread in
            var random = SeededGenerator(state: UInt64(thread + 1) &* 0x9E37_79B9_7F4A_7C15)
            for step in 0..<1000 {
                let name = "shared\(Int.random(in: 0..<8, using: &random))"
                let id = (try? host.domain(matching: name).domainID).flatMap { $0 }
                do throws(XendError) {
                    switch Int.random(in: 0..<16, using: &random) {
                    case 0: if let id { try host.pause(id) }
                    case 1: if let id { try host.unpause(id) }
                    case 2:
                        if let id {
                            try host.setMemoryTarget(.mebibytes(UInt64.random(in: 32...1024, using: &random)), for: id)
                        }
                    case 3: if let id { try host.setVCPUCount(Int.random(in: 1...4, using: &random), for: id) }
                    case 4: if let id { try host.pinVCPU(nil, to: [Int.random(in: 0..<8, using: &random)], for: id) }
                    case 5: if let id { try host.shutdown(id, reason: .reboot) }
                    case 6:
                        if let id {
                            try host.setCreditSchedulerParameters(
                                CreditSchedulerParameters(weight: Int.random(in: 1...1000, using: &random), cap: 0),
                                for: id)
                        }
                    case 7:
                        let own = try host.createDomain(try! TestHost.guest("t\(thread)-\(step)", memory: 32))
                        if Int.random(in: 0..<8, using: &random) != 0 { try host.destroy(own.domainID!) }
                    case 8: if let id { _ = try host.createDevice(DeviceConfig.vif(NetworkInterface()), for: id) }
                    case 9: if let id { _ = try host.vcpuInfo(id) }
                    case 10:
                        if step % 10 == 0 { _ = try host.domainRecords() } else { _ = try host.domain(matching: name) }
                    case 11: _ = try host.nodeRecord()
                    case 12: clock.advance(by: Double.random(in: 0...0.5, using: &random))
                    case 13:
                        if let own = try? host.domain(matching: "t\(thread)-\(step - 1)"), let ownID = own.domainID {
                            try host.rename(ownID, to: DomainName("r\(thread)-\(step)"))
                        }
                    case 14: _ = try host.domainNames(.status(.running))
                    default:
                        // Shared domains may have been destroyed by a crash-free reboot race; rebuild them.
                        if id == nil { _ = try? test.running(name, memory: 64, extra: "(vcpus 4) (maxmem 1024)") }
                    }
                } catch {
                    let known = [
                        "Domain is not paused", "Domain is not running", "Not enough free memory", "<Fault 3:",
                        "already exists", "Memory target",
                    ]
                    if !known.contains(where: { error.message.hasPrefix($0) || error.message.contains($0) }) {
                        unexpected.withLock { $0.append(error.message) }
                    }
                }
            }
        }
        #expect(finished, "some threads did not finish: deadlock")
        #expect(unexpected.withLock { $0 }.isEmpty, "\(unexpected.withLock { Array($0.prefix(5)) })")
        clock.advance(by: 10)
        #expect(try test.memoryAddsUp())
        let records = try host.domainRecords().filter(\.isActive)
        #expect(Set(records.map(\.name)).count == records.count)
        #expect(Set(records.map(\.uuid)).count == records.count)
    }
}

@Suite("Simulated host: concurrency with a state directory")
struct SimulatedPersistentConcurrencyTests {
    @Test("after concurrent operations, a new host on the same directory sees exactly the same domains")
    func persistedStateMatches() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let test = try TestHost(memoryMiB: 65536, stateDirectory: directory.path, clock: clock) {
            $0.durableWrites = false
        }
        let host = test.host
        for index in 0..<4 { try test.running("shared\(index)", memory: 64, extra: "(maxmem 512)") }
        let finished = runOnThreads(8, timeout: 120) { thread in
            var random = SeededGenerator(state: UInt64(thread + 7) &* 0x9E37_79B9_7F4A_7C15)
            for step in 0..<150 {
                let name = "shared\(Int.random(in: 0..<4, using: &random))"
                guard let id = (try? host.domain(matching: name))?.domainID else { continue }
                switch Int.random(in: 0..<6, using: &random) {
                case 0: try? host.pause(id)
                case 1: try? host.unpause(id)
                case 2: try? host.setMemoryTarget(.mebibytes(UInt64.random(in: 32...512, using: &random)), for: id)
                case 3: try? host.shutdown(id, reason: .reboot)
                case 4:
                    if let own = try? host.createDomain(try! TestHost.guest("t\(thread)-\(step)", memory: 16)),
                        Bool.random(using: &random)
                    {
                        try? host.destroy(own.domainID!)
                    }
                default: clock.advance(by: 0.3)
                }
            }
        }
        #expect(finished)
        clock.advance(by: 5)
        let before = try host.domainRecords().map {
            "\($0.domainID.map(String.init) ?? "-") \($0.name) \($0.memory) \($0.state?.stateString ?? "")"
        }
        let reloaded = try TestHost(memoryMiB: 65536, stateDirectory: directory.path, clock: clock)
        #expect(reloaded.host.loadProblems.isEmpty)
        let after = try reloaded.host.domainRecords().map {
            "\($0.domainID.map(String.init) ?? "-") \($0.name) \($0.memory) \($0.state?.stateString ?? "")"
        }
        #expect(before == after)
        #expect(try reloaded.memoryAddsUp())
    }
}
