import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Memory, VCPUs and scheduling", .needsDaemon)
struct XendClientResourcesTests {
    @Test("memory target and maximum, sent in MiB, read back in bytes", arguments: Transport.allCases)
    func memory(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "mem")
            try await xend.setMaxMemory(.bytes(768 << 20), for: domain)
            #expect(try await xend.domain(domain).maxMemory == 768 << 20)
            try await xend.setMemory(.mebibytes(384), for: domain)
            #expect(try await xend.domain(domain).memory == 384 << 20)
            // Max memory rounds a partial MiB up, as libvirt's final driver did.
            try await xend.setMaxMemory(.kibibytes(800 * 1024 + 1), for: domain)
            #expect(try await xend.domain(domain).maxMemory == 801 << 20)
        }
    }

    @Test("set_vcpus, pincpu and vcpuinfo agree", arguments: Transport.allCases)
    func vcpus(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "cpus")
            try await xend.setVCPUs(1, for: domain)
            let reply = try await xend.vcpuInfo(domain)
            #expect(reply.vcpus.filter(\.isOnline).count == 1)
            try await xend.pin(vcpu: 0, of: domain, to: [0])
            #expect(try await xend.vcpuInfo(domain).vcpus[0].cpumap == [0])
            await #expect(throws: XendClientError.self) { try await xend.setVCPUs(0, for: domain) }
            let tooMany = await #expect(throws: XendClientError.self) { try await xend.setVCPUs(64, for: domain) }
            #expect(tooMany?.kind == .operationFailed)
        }
    }

    @Test("credit scheduler: set both, set one, read from the record", arguments: Transport.allCases)
    func credit(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "sched")
            try await xend.setCreditScheduler(weight: 512, cap: 50, for: domain)
            var parameters = try await xend.creditSchedulerParameters(domain)
            #expect(parameters.weight == 512)
            #expect(parameters.cap == 50)
            try await xend.setCreditScheduler(cap: 0, for: domain)
            parameters = try await xend.creditSchedulerParameters(domain)
            #expect(parameters.weight == 512)
            #expect(parameters.cap == 0)
        }
    }
}

@Suite("Credit2 scheduling through the client", .needsDaemon)
struct XendClientCredit2Tests {
    @Test("credit2 calls reach the daemon; a credit host refuses them with libxc's EINVAL text")
    func credit2OnCreditHost() async throws {
        try await XendDaemon.with(.unix) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "sched2")
            let get = await #expect(throws: XendClientError.self) { try await xend.credit2SchedulerParameters(domain) }
            #expect(get?.kind == .operationFailed)
            #expect(get?.message.contains("(22, 'Invalid argument')") == true)
            let set = await #expect(throws: XendClientError.self) {
                try await xend.setCredit2Scheduler(weight: 512, for: domain)
            }
            #expect(set?.message.contains("(22, 'Invalid argument')") == true)
            let range = await #expect(throws: XendClientError.self) {
                try await xend.setCredit2Scheduler(weight: 0, for: domain)
            }
            #expect(range?.message.contains("weight is out of range") == true)
        }
    }
}
