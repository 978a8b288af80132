import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Domain lifecycle", .needsDaemon)
struct XendClientLifecycleTests {
    /// Creates a domain and starts it the libvirt way: create (paused), wait for devices, unpause.
    static func started(_ xend: XendClient, prefix: String, onPowerOff: String = "destroy") async throws
        -> DomainReference
    {
        let name = TestDomains.uniqueName(prefix)
        _ = try await xend.create(try TestDomains.config(name: name, onPowerOff: onPowerOff))
        let reference = DomainReference.name(try DomainName(name))
        try await xend.waitForDevices(reference)
        try await xend.unpause(reference)
        return reference
    }

    @Test("pause, unpause, rename, sysrq, reboot, shutdown, destroy", arguments: Transport.allCases)
    func lifecycle(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await Self.started(xend, prefix: "life", onPowerOff: "preserve")
            #expect([.running, .blocked].contains(try await xend.domain(domain).state))
            try await xend.pause(domain)
            #expect(try await xend.domain(domain).state == .paused)
            try await xend.unpause(domain)
            #expect(try await xend.domain(domain).state != .paused)

            let newName = try DomainName(TestDomains.uniqueName("renamed"))
            try await xend.rename(domain, to: newName)
            await #expect(throws: XendClientError.self) { try await xend.domain(domain) }
            let renamed = DomainReference.name(newName)
            #expect(try await xend.domain(renamed).name == newName)

            try await xend.sendSysrq("s", to: renamed)
            await #expect(throws: XendClientError.self) { try await xend.sendSysrq("\u{7}", to: renamed) }
            let idBefore = try await xend.domain(renamed).id
            try await xend.reboot(renamed)
            #expect(try await xend.domain(renamed).id != nil)
            _ = idBefore
            try await xend.shutdown(renamed)
            try await xend.destroy(renamed)
            let error = await #expect(throws: XendClientError.self) { try await xend.domain(renamed) }
            #expect(error?.kind == .noSuchDomain)
        }
    }

    @Test("the daemon's refusals arrive as operationFailed with its message", arguments: Transport.allCases)
    func refusals(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let error = await #expect(throws: XendClientError.self) { try await xend.pause(.id(DomainID(0))) }
            #expect(error?.kind == .operationFailed)
            #expect(error?.message == "Cannot pause privileged domain 0")
            #expect(error?.httpStatus == 500)
            let bad = await #expect(throws: XendClientError.self) {
                try await xend.shutdown("Domain-0", reason: .watchdog)
            }
            #expect(bad?.kind == .invalidArgument)
        }
    }

    @Test("save, restore and core dump go through files in the save directory", arguments: Transport.allCases)
    func saveRestoreDump(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, daemon in
            let domain = try await Self.started(xend, prefix: "save")
            let uuid = try await xend.domain(domain).uuid
            let dump = daemon.saveDirectory + "/core.dump"
            try await xend.dumpCore(domain, to: dump, live: true)
            #expect(FileManager.default.fileExists(atPath: dump))

            // Paths outside the daemon's --save-dir are refused with 403 and an xend.err body.
            let outside = await #expect(throws: XendClientError.self) {
                try await xend.save(domain, to: daemon.directory.path + "/outside.save")
            }
            #expect(outside?.kind == .operationFailed)
            #expect(outside?.httpStatus == 403)

            let image = daemon.saveDirectory + "/guest.save"
            try await xend.save(domain, to: image)
            #expect(FileManager.default.fileExists(atPath: image))
            await #expect(throws: XendClientError.self) { try await xend.domain(domain) }
            let restored = try await xend.restore(from: image)
            #expect(restored.uuid == uuid)
            #expect(restored.id != nil)

            // A missing save file: the daemon answers 200 with an xend.err body, which must be an error.
            let error = await #expect(throws: XendClientError.self) {
                try await xend.restore(from: daemon.saveDirectory + "/absent.save")
            }
            #expect(error?.kind == .operationFailed)
            #expect(error?.message.contains("absent.save") == true)
        }
    }

    @Test("define, list as defined, start, delete", arguments: Transport.allCases)
    func managed(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let name = TestDomains.uniqueName("managed")
            let reference = DomainReference.name(try DomainName(name))
            try await xend.define(try TestDomains.config(name: name))
            #expect(try await xend.definedDomains().map(\.rawValue).contains(name))
            let defined = try await xend.domain(reference)
            #expect(defined.id == nil)
            #expect(defined.state == .shutoff)
            try await xend.start(reference)
            #expect(try await xend.domain(reference).id != nil)
            await #expect(throws: XendClientError.self) { try await xend.delete(reference) }
            try await xend.destroy(reference)
            try await xend.delete(reference)
            #expect(!(try await xend.definedDomains().map(\.rawValue).contains(name)))
        }
    }

    @Test(
        "migrate sends libvirt's parameters; with nothing listening there, xend's can't connect",
        arguments: Transport.allCases)
    func migrate(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await Self.started(xend, prefix: "migr")
            let error = await #expect(throws: XendClientError.self) {
                try await xend.migrate(domain, to: "127.0.0.1", port: 1, live: true)
            }
            #expect(error?.kind == .operationFailed)
            #expect(error?.message == "can't connect: Connection refused")
            #expect(try await xend.domain(domain).id != nil)
        }
    }
}
