import Glibc
import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Simulated host: save, restore and core dumps")
struct SimulatedSaveRestoreTests {
    @Test("save writes a real file and removes the domain; restore brings it back under a new id")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/a.save"
        let test = try TestHost()
        let id = try test.running("a", memory: 64, extra: "(vcpus 2) (device (vif (mac 00:16:3e:00:00:09)))")
        try test.host.setVCPUCount(1, for: id)
        test.clock.advance(by: 10)
        let before = try test.record("a")
        try test.host.save(id, to: path)
        #expect(throws: XendError.self) { try test.record("a") }
        #expect(try test.host.nodeRecord().freeMemory == .mebibytes(3072))
        let image = try SaveImage(decoding: AtomicFile.readAll(path))
        #expect(image.configText.hasPrefix("(vm (name a)") && image.guestState["online_vcpus"] == "1")
        #expect(image.memoryImage.count == 64 * 256)

        let restored = try test.host.restore(from: path)
        #expect(restored.domainID == 2 && restored.uuid == before.uuid && restored.name.rawValue == "a")
        #expect(restored.onlineVCPUs == 1 && restored.cpuTime == before.cpuTime && restored.status == .running)
        #expect(
            restored.devices.contains { if case .vif(let vif) = $0 { vif.mac == "00:16:3e:00:00:09" } else { false } })
        #expect(try test.memoryAddsUp())
    }

    @Test("save takes time: the clock advances by memory / bandwidth")
    func saveTakesTime() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost { $0.timing.saveBandwidth = 256 * 1024 * 1024 }
        let id = try test.running("a", memory: 512)
        let start = test.clock.now()
        try test.host.save(id, to: directory.path + "/a.save")
        #expect(test.clock.now().seconds(since: start) == 2)
    }

    @Test("only a running domain can be saved")
    func saveNeedsRunning() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost { $0.timing.dying = 5 }
        let paused = try test.host.createDomain(TestHost.guest("p")).domainID!
        #expect(throws: XendError.domainNotRunning) { try test.host.save(paused, to: directory.path + "/p") }
        let dying = try test.running("d")
        try test.host.pause(dying)
        try test.host.destroy(dying)
        #expect(throws: XendError.domainNotRunning) { try test.host.save(dying, to: directory.path + "/d") }
        #expect(try fileNames(in: directory.path).isEmpty)
    }

    @Test("a save that cannot write reports strerror and the domain carries on")
    func saveCannotWrite() throws {
        let test = try TestHost()
        let id = try test.running("a")
        #expect(throws: XendError.cannotWriteStateFile("/nonexistent/dir/a", "No such file or directory")) {
            try test.host.save(id, to: "/nonexistent/dir/a")
        }
        #expect(try test.record("a").status == .running)
        try test.host.pause(id)
    }

    @Test("restore refuses bad files and creates nothing")
    func badFiles() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost()
        let id = try test.running("a", memory: 64)
        let good = directory.path + "/good"
        try test.host.save(id, to: good)
        let bytes = try AtomicFile.readAll(good)
        let free = try test.host.nodeRecord().freeMemory

        #expect(throws: XendError.cannotReadStateFile(directory.path + "/none", "No such file or directory")) {
            try test.host.restore(from: directory.path + "/none")
        }
        var wrongMagic = bytes
        wrongMagic.replaceSubrange(0..<8, with: Array("LinuxGue".utf8))
        try directory.writeRaw(wrongMagic, to: "magic")
        #expect(throws: XendError.message("not a valid guest state file: found 'LinuxGue'")) {
            try test.host.restore(from: directory.path + "/magic")
        }
        try directory.writeRaw(Array(bytes.prefix(bytes.count / 2)), to: "short")
        #expect(throws: XendError.message("not a valid guest state file: truncated in memory image")) {
            try test.host.restore(from: directory.path + "/short")
        }
        var newer = bytes
        newer[11] = 9
        try directory.writeRaw(newer, to: "newer")
        #expect(throws: XendError.message("unsupported guest state file version 9 (this host reads version 1)")) {
            try test.host.restore(from: directory.path + "/newer")
        }
        try directory.writeRaw([], to: "empty")
        #expect(throws: XendError.message("not a valid guest state file: truncated in signature")) {
            try test.host.restore(from: directory.path + "/empty")
        }
        #expect(try test.host.domainRecords().count == 1 && test.host.nodeRecord().freeMemory == free)
    }

    @Test("restore refuses a taken name and memory that does not fit, before creating anything")
    func restoreConflicts() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost()
        let path = directory.path + "/a"
        try test.host.save(try test.running("a", memory: 512), to: path)
        try test.running("a", memory: 64)
        #expect(throws: XendError.message("VM name 'a' already exists as domain 2")) {
            try test.host.restore(from: path)
        }
        try test.host.destroy(2)
        try test.running("filler", memory: 2800)
        #expect(throws: XendError.self) { try test.host.restore(from: path) }
        #expect(try test.host.domainRecords().map(\.name.rawValue) == ["Domain-0", "filler"])
        #expect(try test.memoryAddsUp())
    }

    @Test("a core dump writes a file; crash destroys, reset restarts, live keeps running")
    func dumpCore() throws {
        let directory = try TemporaryDirectory()
        let test = try TestHost()
        let id = try test.running("a", memory: 32)
        try test.host.dumpCore(id, to: directory.path + "/1.core", live: false, crash: false, reset: false)
        #expect(try test.record("a").status == .running)
        let core = try AtomicFile.readAll(directory.path + "/1.core")
        #expect(Array(core.prefix(8)) == Array("XSIMCORE".utf8))
        #expect(throws: XendError.message("not a valid guest state file: found 'XSIMCORE'")) {
            try test.host.restore(from: directory.path + "/1.core")
        }
        try test.host.dumpCore(id, to: directory.path + "/2.core", live: true, crash: false, reset: true)
        #expect(try test.record("a").domainID == 2)
        try test.host.dumpCore(2, to: directory.path + "/3.core", live: true, crash: true, reset: false)
        #expect(throws: XendError.self) { try test.record("a") }
        #expect(throws: XendError.message("Failed to dump core to /nonexistent/c: No such file or directory")) {
            try test.host.dumpCore(try test.running("b"), to: "/nonexistent/c", live: true, crash: false, reset: false)
        }
    }
}

@Suite("Simulated host: migration")
struct SimulatedMigrationTests {
    @Test("Domain-0 refuses; nothing listening gives can't connect and the domain carries on")
    func refused() throws {
        let test = try TestHost()
        #expect(throws: XendError.privilegedDomain("migrate")) {
            try test.host.migrate(0, to: "127.0.0.1", port: 1, live: true)
        }
        let id = try test.running("a")
        #expect(throws: XendError.cannotConnect("Connection refused")) {
            try test.host.migrate(id, to: "127.0.0.1", port: 1, live: true)
        }
        #expect(try test.record("a").status == .running)
        try test.host.pause(id)
        #expect(throws: XendError.domainNotRunning) { try test.host.migrate(id, to: "127.0.0.1", port: 1, live: true) }
    }

    @Test("a domain migrates to another host's receiver: it leaves here and runs there with its uuid")
    func migratesToReceiver() throws {
        let source = try TestHost()
        let destination = try TestHost()
        let receiver = try MigrationReceiver(destination.host)
        let id = try source.running("a", memory: 16)
        let uuid = try source.record("a").uuid
        try source.host.migrate(id, to: "127.0.0.1", port: receiver.port, live: true)
        #expect(throws: XendError.self) { try source.record("a") }
        let arrived = try receiver.result().get()
        #expect(arrived.uuid == uuid)
        #expect(arrived.memory == .mebibytes(16))
        #expect(
            try destination.record("a").state.map { $0.isDisjoint(with: [.paused, .shutdown, .crashed, .dying]) }
                == true)
        #expect(try source.memoryAddsUp())
        #expect(try destination.memoryAddsUp())
    }

    @Test("a migration to the same host keeps the domain under a new id")
    func migratesToItself() throws {
        let test = try TestHost()
        let receiver = try MigrationReceiver(test.host)
        let id = try test.running("a", memory: 16)
        let uuid = try test.record("a").uuid
        try test.host.migrate(id, to: "127.0.0.1", port: receiver.port, live: false)
        let arrived = try receiver.result().get()
        #expect(arrived.uuid == uuid)
        #expect(arrived.domainID != id)
        #expect(try test.record("a").domainID == arrived.domainID)
        #expect(try test.memoryAddsUp())
    }

    @Test(
        "the guest's memory damaged or cut short on the way: the receiver refuses it, the guest runs on here",
        arguments: DamagingConnector.Damage.allCases)
    func damagedMemory(_ damage: DamagingConnector.Damage) throws {
        signal(SIGPIPE, SIG_IGN)
        // 8 MiB into the connection is in the memory of a 16 MiB guest, after its ~4 KiB save image.
        let source = try TestHost { $0.relocationConnector = DamagingConnector(damage: damage, offset: 8 << 20) }
        let destination = try TestHost()
        let receiver = try MigrationReceiver(destination.host)
        let id = try source.running("a", memory: 16)
        let failure = try #require(throws: XendError.self) {
            try source.host.migrate(id, to: "127.0.0.1", port: receiver.port, live: true)
        }
        let reason =
            damage == .flip
            ? "Migration failed: the guest's memory arrived damaged, from MiB 7 on"
            : "Migration failed: the connection closed early"
        #expect(failure.message.hasPrefix("Migration failed: "))
        #expect(failure.message.hasSuffix(reason), "\(failure.message)")
        #expect(throws: XendError(.operationFailed, reason)) { try receiver.result().get() }
        #expect(try source.record("a").domainID == id)
        #expect(
            try source.record("a").state.map { $0.isDisjoint(with: [.paused, .shutdown, .crashed, .dying]) } == true)
        #expect(throws: XendError.self) { try destination.record("a") }
        #expect(try source.memoryAddsUp())
        #expect(try destination.memoryAddsUp())
    }

    @Test("a name another domain holds at the destination: the receiver says so and the domain runs on here")
    func refusedByReceiver() throws {
        let source = try TestHost()
        let destination = try TestHost()
        let holder = try destination.running("a", memory: 16)
        let receiver = try MigrationReceiver(destination.host)
        let id = try source.running("a", memory: 16)
        #expect(throws: XendError(.operationFailed, "Migration failed: VM name 'a' already exists as domain \(holder)"))
        {
            try source.host.migrate(id, to: "127.0.0.1", port: receiver.port, live: true)
        }
        #expect(throws: XendError.self) { try receiver.result().get() }
        #expect(try source.record("a").domainID == id)
        #expect(
            try source.record("a").state.map { $0.isDisjoint(with: [.paused, .shutdown, .crashed, .dying]) } == true)
        #expect(try destination.record("a").domainID == holder)
        #expect(try source.memoryAddsUp())
    }
}

@Suite("Simulated host: the relocation fuzz seeds")
struct RelocationFuzzSeedTests {
    static let corpus =
        String(#filePath.dropLast("Tests/SimulatedHostTests/SimulatedSaveRestoreTests.swift".count))
        + "Fuzz/Corpus/Relocation/"

    @Test("the seed migration-then-go is a whole migration: FuzzRelocation starts from the success path")
    func seedIsReceived() throws {
        let bytes = try #require(try? AtomicFile.readAll(Self.corpus + "migration-then-go"))
        let test = try TestHost()
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        defer { close(pair[0]) }
        try AtomicFile.writeAll(bytes, to: pair[0], path: "socket pair")
        shutdown(pair[0], Int32(SHUT_WR))
        let channel = MigrationChannel(descriptor: pair[1])
        defer { channel.close() }
        let record = try test.host.receiveMigration(over: channel)
        #expect(record.name.rawValue == "fuzz1")
        #expect(record.uuid.xendString == "11111111-2222-3333-4444-555555555555")
        #expect(try test.memoryAddsUp())
    }
}
