import Foundation
import Testing
import XendClientKit
import XendModel

// The example in docs/client.md, kept here so it is compiled and run against a real daemon.
// If you change one, change the other.

/// Starts a guest, grows it, lists every domain, then removes the guest.
func docsExample(_ xend: XendClient) async throws -> [String] {
    let host = try await xend.node()
    var lines = ["\(host.host): Xen \(host.xenMajor).\(host.xenMinor)\(host.xenExtra), \(host.cpuCount) CPUs"]

    // Create leaves the domain paused; wait for its devices, then let it run (what libvirt did).
    let config = try VMConfig(
        parsing: """
            (vm (name demo) (memory 256) (maxmem 512) (vcpus 2)
                (image (linux (kernel /boot/vmlinuz-xen) (args 'console=hvc0')))
                (device (vbd (uname phy:/dev/vg0/demo) (dev xvda) (mode w))))
            """
    )
    let demo = try await xend.create(config)
    try await xend.waitForDevices(.name(demo.name))
    try await xend.unpause(.name(demo.name))

    try await xend.setMaxMemory(.mebibytes(512), for: .name(demo.name))
    try await xend.setMemory(.mebibytes(384), for: .name(demo.name))
    try await xend.attach(VirtualNetworkInterface(bridge: "xenbr0"), to: .name(demo.name))

    for name in try await xend.domains() {
        let info = try await xend.domain(named: name)
        lines.append("\(name) id=\(info.id?.description ?? "-") memory=\(info.memory) bytes state=\(info.state)")
    }

    do {
        _ = try await xend.domain("ghost")
    } catch {
        guard error.kind == .noSuchDomain else { throw error }
        lines.append("no ghost: \(error.message)")
    }

    try await xend.destroy(.name(demo.name))
    return lines
}

@Suite("docs/client.md example", .needsDaemon)
struct DocsExampleTests {
    @Test("runs as documented", arguments: Transport.allCases)
    func example(transport: Transport) async throws {
        try await XendDaemon.with(transport) { xend, _ in
            let lines = try await docsExample(xend)
            #expect(lines.count == 4)
            #expect(lines[0].hasSuffix(", 8 CPUs") || lines[0].contains("CPUs"))
            #expect(lines.contains { $0.hasPrefix("demo id=") && $0.contains("memory=402653184 bytes") })
            #expect(lines.last?.hasPrefix("no ghost: no such domain 'ghost'") == true)
            #expect(try await xend.domains().map(\.rawValue) == ["Domain-0"])
        }
    }
}
