import CLibxend
import Foundation
import XendClientKit
import XendModel

extension DomainInfo {
    /// The domain as a `struct xend_domain` in one allocation: its image, device arrays, live data, UUID
    /// and strings all follow the structure. Memory in bytes.
    /// - Returns: `nil` when memory is short.
    func flatCopy(now: Date = Date()) -> UnsafeMutablePointer<xend_domain>? {
        let disks = record.devices.compactMap(\.blockDevice)
        let interfaces = record.devices.compactMap(\.networkInterface)
        let ports = record.devices.compactMap(\.ioPortRange)
        let image = record.image.map(ClassicImage.init) ?? ClassicImage()

        var strings = FlatStrings()
        var layout = FlatLayout()
        let domainAt = layout.reserve(xend_domain.self)
        let liveAt = id == nil ? nil : layout.reserve(xend_domain_live.self)
        let disksAt = layout.reserve(xend_device_vbd.self, count: disks.count)
        let interfacesAt = layout.reserve(xend_device_vif.self, count: interfaces.count)
        let portsAt = layout.reserve(xend_device_ioport.self, count: ports.count)
        let uuidAt = layout.reserve(UInt8.self, count: 16)
        for text in [name.rawValue, image.kernel, image.ramdisk, image.root, image.extra] { strings.add(text, &layout) }
        for disk in disks { for text in [disk.uname, disk.dev] { strings.add(text, &layout) } }
        for vif in interfaces {
            for text in [vif.bridge, vif.ip, vif.script, vif.vifname] { strings.add(text, &layout) }
        }
        guard let block = layout.allocate() else { return nil }
        strings.write(into: block)

        let domain = block.pointer(xend_domain.self, at: domainAt)
        domain.pointee.name = strings[name.rawValue]
        domain.pointee.memory = memory
        domain.pointee.max_memory = maxMemory
        let uuidBytes = block.pointer(UInt8.self, at: uuidAt)
        withUnsafeBytes(of: uuid.uuid) { for (index, byte) in $0.enumerated() { uuidBytes[index] = byte } }
        domain.pointee.uuid = uuidBytes
        domain.pointee.ssidref = Int32(record.extra.value("ssidref")?.atomValue ?? "") ?? 0
        domain.pointee.on_poweroff = ClassicRestart.from(record.onPoweroff)
        domain.pointee.on_reboot = ClassicRestart.from(record.onReboot)
        domain.pointee.on_crash = ClassicRestart.from(record.onCrash)
        domain.pointee.vcpus = Int32(clamping: vcpus)
        domain.pointee.image = xend_image(
            kernel: strings[image.kernel], ramdisk: strings[image.ramdisk], root: strings[image.root],
            extra: strings[image.extra])

        domain.pointee.n_vbds = disks.count
        domain.pointee.vbds = disks.isEmpty ? nil : block.pointer(xend_device_vbd.self, at: disksAt)
        for (index, disk) in disks.enumerated() {
            domain.pointee.vbds[index] = xend_device_vbd(
                backend: Int32(clamping: disk.backend?.rawValue ?? 0), uname: strings[disk.uname],
                dev: strings[disk.dev], mode: xend_device_vbd_mode(wire: disk.mode ?? "w"))
        }
        domain.pointee.n_vifs = interfaces.count
        domain.pointee.vifs = interfaces.isEmpty ? nil : block.pointer(xend_device_vif.self, at: interfacesAt)
        for (index, vif) in interfaces.enumerated() {
            let mac = vif.mac.flatMap(MACAddress.init)?.bytes ?? [0, 0, 0, 0, 0, 0]
            domain.pointee.vifs[index] = xend_device_vif(
                backend: Int32(clamping: vif.backend?.rawValue ?? 0), bridge: strings[vif.bridge],
                ip: strings[vif.ip], mac: (mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]),
                script: strings[vif.script], vifname: strings[vif.vifname])
        }
        domain.pointee.n_ioports = ports.count
        domain.pointee.ioports = ports.isEmpty ? nil : block.pointer(xend_device_ioport.self, at: portsAt)
        for (index, range) in ports.enumerated() {
            domain.pointee.ioports[index] = xend_device_ioport(
                from: ClassicImage.port(range.from), to: ClassicImage.port(range.to))
        }
        if let liveAt, let id {
            let live = block.pointer(xend_domain_live.self, at: liveAt)
            live.pointee = liveFacts(id: id, now: now)
            domain.pointee.live = live
        }
        return domain
    }

    /// The run-time facts of a running domain.
    private func liveFacts(id: DomainID, now: Date) -> xend_domain_live {
        let flags = record.state ?? []
        let reason = record.extra.value("shutdown_reason")?.atomValue
        let stopped = flags.contains(.shutdown)
        let started = record.startTime?.value ?? 0
        return xend_domain_live(
            running: flags.contains(.running), crashed: flags.contains(.crashed),
            poweroff: stopped && reason != "reboot" && reason != "suspend", reboot: stopped && reason == "reboot",
            suspend: stopped && reason == "suspend", blocked: flags.contains(.blocked), dying: flags.contains(.dying),
            paused: flags.contains(.paused), cpu_time: record.cpuTime?.value ?? 0,
            up_time: started > 0 ? max(now.timeIntervalSince1970 - started, 0) : 0, start_time: started,
            online_vcpus: Int32(clamping: onlineVCPUs ?? vcpus),
            vcpu_avail: Int32(clamping: record.vcpuAvail.map(\.nonzeroBitCount) ?? vcpus),
            id: Int32(clamping: id.rawValue))
    }
}

/// Optional strings copied once each into a flat block; `nil` stays a NULL pointer.
struct FlatStrings {
    private var offsets: [String: Int] = [:]
    private var copies: [String: UnsafePointer<CChar>] = [:]

    /// Reserves room for `text` unless it is `nil` or already reserved.
    mutating func add(_ text: String?, _ layout: inout FlatLayout) {
        guard let text, offsets[text] == nil else { return }
        offsets[text] = layout.reserve(string: text)
    }

    /// Copies every reserved string into the block.
    mutating func write(into block: FlatBlock) {
        for (text, offset) in offsets { copies[text] = UnsafePointer(block.write(text, at: offset)) }
    }

    /// The copy of `text`, or NULL for `nil`.
    subscript(text: String?) -> UnsafePointer<CChar>? { text.flatMap { copies[$0] } }
}
