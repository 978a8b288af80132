import FoundationEssentials
import Glibc
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Simulated host: managed domains and the state directory")
struct SimulatedPersistenceTests {
    @Test("define, start, delete, with xend's rules")
    func managedLifecycle() throws {
        let test = try TestHost()
        let defined = try test.host.defineDomain(TestHost.guest("m", extra: "(on_xend_start start)"))
        #expect(defined.domainID == nil && defined.onXendStart == .start)
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(3072))
        let started = try test.host.startDomain(defined.uuid)
        #expect(started.domainID == 1 && started.status == .running)
        #expect(throws: XendError.message("Domain is already running")) { try test.host.startDomain(defined.uuid) }
        #expect(throws: XendError.message("Domain is still running: shut it down before deleting it")) {
            try test.host.deleteDomain(defined.uuid)
        }
        #expect(try test.host.domainRecords().filter { $0.uuid == defined.uuid }.map(\.domainID) == [1])
        try test.host.destroy(1)
        #expect(try test.host.domainRecords().filter { $0.uuid == defined.uuid }.map(\.domainID) == [nil])
        try test.host.deleteDomain(defined.uuid)
        #expect(try test.host.domainRecords().allSatisfy { $0.uuid != defined.uuid })
        #expect(throws: XendError.noSuchDomain(defined.uuid.xendString)) { try test.host.deleteDomain(defined.uuid) }
        #expect(throws: XendError.noSuchDomain(defined.uuid.xendString)) { try test.host.startDomain(defined.uuid) }
    }

    @Test("redefining the same uuid updates it; another uuid under a taken name is refused")
    func redefine() throws {
        let test = try TestHost()
        let first = try test.host.defineDomain(TestHost.guest("m", memory: 128))
        var config = try TestHost.guest("m", memory: 256)
        config.uuid = first.uuid
        #expect(try test.host.defineDomain(config).memory == .mebibytes(256))
        #expect(throws: XendError.nameExists("m")) { try test.host.defineDomain(TestHost.guest("m")) }
        try test.running("live")
        #expect(throws: XendError.message("VM name 'live' already exists as domain 1")) {
            try test.host.defineDomain(TestHost.guest("live"))
        }
        // Only m is managed: it is the one inactive domain, and live (unmanaged) runs.
        #expect(try test.host.domainRecords().filter { $0.domainID == nil }.map(\.name.rawValue) == ["m"])
    }

    @Test("a new host on the same state directory finds managed and live domains as they were")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let managedUUID: UUID
        do {
            let test = try TestHost(stateDirectory: directory.path, clock: clock)
            managedUUID = try test.host.defineDomain(TestHost.guest("m", extra: "(description 'kept')")).uuid
            let a = try test.running("a", memory: 512, extra: "(device (vbd (uname phy:/x) (dev xvda) (mode w)))")
            try test.host.setMemoryTarget(.mebibytes(384), for: a)
            try test.host.pinVCPU(0, to: [3], for: a)
            try test.host.createDomain(TestHost.guest("p", memory: 128))
            let gone = try test.running("gone")
            try test.host.destroy(gone)
            try test.host.rename(a, to: DomainName("renamed"))
            clock.advance(by: 20)
        }
        clock.advance(by: 5)
        let test = try TestHost(stateDirectory: directory.path, clock: clock)
        #expect(test.host.loadProblems.isEmpty)
        #expect(try test.host.domainRecords().map(\.name.rawValue) == ["Domain-0", "renamed", "p", "m"])
        let a = try test.record("renamed")
        #expect(a.domainID == 1 && a.memory == .mebibytes(384) && a.cpus == [[3], []] && a.status == .running)
        #expect(a.cpuTime == Seconds(25 * 0.5 * 2))
        #expect(a.devices.count == 1)
        #expect(try test.record("p").status == .paused)
        #expect(try test.record("m").description == "kept" && test.record("m").uuid == managedUUID)
        #expect(try test.memoryAddsUp())
        let next = try test.host.createDomain(TestHost.guest("next"))
        #expect(next.domainID == 4)
    }

    @Test("a damaged file is reported and moved aside, never loaded")
    func damagedFiles() throws {
        let directory = try TemporaryDirectory()
        do {
            let test = try TestHost(stateDirectory: directory.path)
            try test.host.defineDomain(TestHost.guest("m"))
            try test.running("a")
        }
        let managed = try fileNames(in: directory.path + "/domains")
        var bytes = try AtomicFile.readAll(directory.path + "/domains/" + managed[0])
        bytes[bytes.count - 3] ^= 0x20
        try directory.writeRaw(bytes, to: "domains/" + managed[0])
        let live = try AtomicFile.readAll(directory.path + "/live/1.dom")
        try directory.writeRaw(Array(live.dropLast(10)), to: "live/1.dom")
        try directory.writeRaw(Array("junk".utf8), to: "domains/.x.sxp.tmp-1-2")

        let test = try TestHost(stateDirectory: directory.path)
        #expect(test.host.loadProblems.count == 2)
        #expect(test.host.loadProblems.contains { $0.contains("checksum mismatch") })
        #expect(test.host.loadProblems.contains { $0.contains("truncated") })
        #expect(try test.host.domainRecords().map(\.name.rawValue) == ["Domain-0"])
        #expect(try fileNames(in: directory.path + "/domains") == [managed[0] + ".corrupt"])
        #expect(try fileNames(in: directory.path + "/live") == ["1.dom.corrupt"])
    }

    @Test("a create or restore whose state cannot be written fails and leaves nothing behind")
    func unwritableState() throws {
        let directory = try TemporaryDirectory()
        let saveFile = directory.path + "/s.chk"
        do {
            let test = try TestHost(stateDirectory: directory.path)
            let saved = try test.running("saved")
            try test.host.save(saved, to: saveFile)
            let kept = try test.running("kept")
            // A plain file where the live directory was: every write into it fails for real (ENOTDIR).
            #expect(Glibc.rename(directory.path + "/live", directory.path + "/live.moved") == 0)
            try directory.writeRaw(Array("not a directory".utf8), to: "live")
            let free = try test.host.nodeRecord().freeMemory

            #expect(throws: XendError.self) { try test.host.createDomain(TestHost.guest("lost")) }
            #expect(throws: XendError.self) { try test.host.restore(from: saveFile) }
            #expect(throws: XendError.self) { try test.host.pause(kept) }
            #expect(try test.host.domainRecords().map(\.name.rawValue) == ["Domain-0", "kept"])
            #expect(try test.host.nodeRecord().freeMemory == free)
            #expect(try test.memoryAddsUp())
            let message = try #require(throws: XendError.self) { try test.host.createDomain(TestHost.guest("x")) }
            #expect(message.message.hasPrefix("Error creating domain: cannot record domain x: "))
        }
    }
}
