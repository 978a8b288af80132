import Foundation
import Testing
import XendModel

@testable import XendClientKit

@Suite("Devices", .needsDaemon)
struct XendClientDevicesTests {
    @Test("attach and detach a disk and an interface", arguments: Transport.allCases)
    func attachDetach(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "dev")
            let disk = VirtualBlockDevice(backingStore: "phy:/dev/vg0/extra", device: "xvdb", mode: .readOnly)
            let diskReference = try await xend.attach(disk, to: domain)
            #expect(diskReference.deviceClass == .vbd)
            var record = try await xend.record(of: domain)
            #expect(record.devices.contains { $0.blockDevice?.uname == "phy:/dev/vg0/extra" })

            let mac = try #require(MACAddress("00:16:3e:aa:bb:cc"))
            let vif = try await xend.attach(VirtualNetworkInterface(mac: mac, bridge: "xenbr0"), to: domain)
            #expect(vif.deviceClass == .vif)
            record = try await xend.record(of: domain)
            #expect(
                record.devices.contains { device in
                    if case .vif(let interface) = device { return interface.mac == "00:16:3e:aa:bb:cc" }
                    return false
                })

            try await xend.detachBlockDevice(String(diskReference.deviceID), from: domain)
            try await xend.detachNetworkInterface(String(vif.deviceID), from: domain)
            record = try await xend.record(of: domain)
            #expect(!record.devices.contains { $0.blockDevice?.uname == "phy:/dev/vg0/extra" })

            let missing = await #expect(throws: XendClientError.self) {
                try await xend.detachBlockDevice("xvdz", from: domain)
            }
            #expect(missing?.kind == .operationFailed)
        }
    }

    @Test("device_configure changes a CD-ROM's media", arguments: Transport.allCases)
    func configure(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, daemon in
            // The simulated host checks that file-backed media exist, as the hotplug scripts did.
            let first = daemon.directory.appendingPathComponent("a.iso").path
            let second = daemon.directory.appendingPathComponent("b.iso").path
            for path in [first, second] { try Data("iso".utf8).write(to: URL(fileURLWithPath: path)) }
            let domain = try await XendClientLifecycleTests.started(xend, prefix: "cdrom")
            let cdrom = VirtualBlockDevice(backingStore: "file:\(first)", device: "xvdc:cdrom", mode: .readOnly)
            let reference = try await xend.attach(cdrom, to: domain)
            let media = DeviceConfig.vbd(BlockDevice(uname: "file:\(second)", dev: "xvdc:cdrom", mode: "r"))
            try await xend.configure(media, id: String(reference.deviceID), of: domain)
            let record = try await xend.record(of: domain)
            #expect(record.devices.contains { $0.blockDevice?.uname == "file:\(second)" })
            #expect(!record.devices.contains { $0.blockDevice?.uname == "file:\(first)" })

            // A disk is not a CD-ROM: the daemon refuses, and the client reports its message.
            let refused = await #expect(throws: XendClientError.self) {
                try await xend.configure(media, id: "xvda", of: domain)
            }
            #expect(refused?.message == "Device xvda is not a CD-ROM: only media can be changed")
        }
    }
}
