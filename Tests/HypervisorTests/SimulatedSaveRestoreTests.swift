import Glibc
import Testing
import XendModel

@testable import Hypervisor

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

    @Test("a listening relocation server receives `receive` and the guest's state; the domain leaves")
    func sends() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(listener, 1)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        defer { close(listener) }

        let test = try TestHost()
        let id = try test.running("a", memory: 16)
        try test.host.migrate(id, to: "127.0.0.1", port: port, live: true)
        #expect(throws: XendError.self) { try test.record("a") }
        let connection = accept(listener, nil, nil)
        defer { close(connection) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        #expect(received.starts(with: Array("receive\nXSIMSAVE".utf8)))
        let image = try SaveImage(decoding: Array(received.dropFirst(8)))
        #expect(image.configText.hasPrefix("(vm (name a)"))
        #expect(try test.memoryAddsUp())
    }
}
