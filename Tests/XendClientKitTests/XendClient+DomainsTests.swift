import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Domain lookups", .needsDaemon)
struct XendClientDomainsTests {
    @Test("create leaves the domain paused; lookups by name, id and UUID agree", arguments: Transport.allCases)
    func lookups(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let name = TestDomains.uniqueName("look")
            let created = try await xend.create(try TestDomains.config(name: name))
            #expect(created.name.rawValue == name)
            #expect(created.state == .paused)
            #expect(created.memory == 256 << 20)
            #expect(created.maxMemory == 512 << 20)
            #expect(created.vcpus == 2)
            let id = try #require(created.id)
            let byName = try await xend.domain(named: try DomainName(name))
            let byID = try await xend.domain(id: id)
            let byUUID = try await xend.domain(uuid: created.uuid)
            #expect(byName.uuid == created.uuid)
            #expect(byID.name == byName.name)
            #expect(byUUID.id == id)
            #expect(try await xend.domains(in: .status(.paused)).map(\.rawValue).contains(name))
            #expect(try await xend.domains(in: .all).map(\.rawValue).contains(name))
        }
    }

    @Test("domains() lists running domains, detail records match", arguments: Transport.allCases)
    func lists(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let name = TestDomains.uniqueName("list")
            _ = try await xend.create(try TestDomains.config(name: name))
            #expect(!(try await xend.domains().map(\.rawValue).contains(name)), "paused domains are not 'running'")
            try await xend.waitForDevices(.name(try DomainName(name)))
            try await xend.unpause(.name(try DomainName(name)))
            let names = try await xend.domains().map(\.rawValue)
            #expect(names.contains("Domain-0"))
            #expect(names.contains(name))
            let records = try await xend.domainRecords()
            #expect(Set(records.map(\.name.rawValue)) == Set(names))
            let record = try #require(records.first { $0.name.rawValue == name })
            #expect(record.devices.contains { $0.deviceClass == .vbd })
            #expect(record.devices.contains { $0.deviceClass == .vif })
        }
    }

    @Test("an unknown name, id or UUID is noSuchDomain (404)", arguments: Transport.allCases)
    func unknown(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            for reference: DomainReference in ["nosuch", .id(DomainID(4242)), .uuid(UUID())] {
                let error = await #expect(throws: XendClientError.self) { try await xend.domain(reference) }
                #expect(error?.kind == .noSuchDomain)
                #expect(error?.httpStatus == 404)
            }
            let operations: [@Sendable (XendClient) async throws -> Void] = [
                { try await $0.pause("nosuch") }, { try await $0.destroy("nosuch") },
                { try await $0.setMemory(.mebibytes(128), for: "nosuch") }, { _ = try await $0.vcpuInfo("nosuch") },
                { try await $0.save("nosuch", to: "/tmp/x") },
                { try await $0.detachBlockDevice("xvda", from: "nosuch") },
            ]
            for operation in operations {
                let error = await #expect(throws: XendClientError.self) { try await operation(xend) }
                #expect(error?.kind == .noSuchDomain)
            }
        }
    }

    @Test("vcpuinfo lists every VCPU with its affinity", arguments: Transport.allCases)
    func vcpuInfo(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let name = TestDomains.uniqueName("vcpu")
            _ = try await xend.create(try TestDomains.config(name: name))
            let reply = try await xend.vcpuInfo(.name(try DomainName(name)))
            #expect(reply.name.rawValue == name)
            #expect(reply.vcpus.map(\.number) == [0, 1])
        }
    }
}
