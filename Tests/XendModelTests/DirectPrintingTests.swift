import FoundationEssentials
import PropertyBased
import SExpression
import Testing

@testable import XendModel

/// The listing's direct printer (`Sources/XendModel/DirectPrinting.swift`) against the field tables' generic
/// printer: the same bytes for every record, so `GET /xend/domain?detail=1` cannot drift.
@Suite("Direct printing of records")
struct DirectPrintingTests {
    @Test("random records print the same bytes directly as through toSExpression()")
    func records() async {
        await propertyCheck(count: 1000, input: modelGenerator { $0.record() }) { record in
            #expect(Self.direct(record) == Array(record.toSExpression().description.utf8))
        }
    }

    @Test("records with arbitrary times (any double, any magnitude) print the same bytes both ways")
    func recordsWithAnyTimes() async {
        await propertyCheck(count: 1000, input: modelGenerator { ($0.record(), $0.anyDouble(), $0.anyDouble()) }) {
            record, cpuTime, startTime in
            var record = record
            record.cpuTime = Seconds(cpuTime)
            record.startTime = Seconds(startTime)
            #expect(Self.direct(record) == Array(record.toSExpression().description.utf8))
        }
    }

    @Test("random devices and images print the same bytes both ways, every class and kind")
    func devicesAndImages() async {
        await propertyCheck(count: 1000, input: modelGenerator { ($0.device(), $0.image()) }) { device, image in
            var buffer = PrintBuffer()
            device.writeSExpression(into: &buffer)
            #expect(buffer.text == device.toSExpression().description)
            var imageBuffer = PrintBuffer(capacity: 0)
            image.writeSExpression(into: &imageBuffer)
            #expect(imageBuffer.text == image.toSExpression().description)
        }
    }

    @Test("a record as the simulated host lists it prints the same bytes both ways")
    func simulatedHostRecord() throws {
        let config = try VMConfig(
            parsing: "(vm (name guest7) (uuid 6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f) (memory 8) (vcpus 2) "
                + "(image (linux (kernel /boot/vmlinuz) (args 'ro quiet'))) "
                + "(device (vbd (uname phy:/dev/vg/guest7) (dev xvda) (mode w))) (device (vif (bridge xenbr0))))")
        let runtime = DomainRuntimeInfo(
            domainID: DomainID(8), state: [.blocked], status: .running, cpuTime: Seconds(12.345678901234567),
            startTime: Seconds(1_357_000_060.12), onlineVCPUs: 2, vcpuAvailable: 3, memoryTarget: .mebibytes(8),
            storeMFN: 0x10_1001, consoleMFN: 0x10_1002,
            devices: config.devices.map { $0.recordView(uuid: .zero, protocol: "x86_64-abi", isBootable: true) })
        let record = DomainRecord(config: config, runtime: runtime)
        let text = String(decoding: Self.direct(record), as: UTF8.self)
        #expect(text == record.toSExpression().description)
        #expect(text.hasPrefix("(domain (domid 8) (cpu_weight 256) (cpu_cap 0) (pool_name Pool-0)"))
        #expect(text.contains(" (cpu_time 12.3456789012) "))
        #expect(text.contains(" (state -b----) "))
        #expect(text.contains(" (image (linux (kernel /boot/vmlinuz) (args 'ro quiet'))) "))
    }

    @Test("the direct printers name the field tables' keys, in the tables' order")
    func keysFollowTheTables() {
        #expect(DomainRecord.directlyPrintedKeys == DomainRecord.fields.map(\.key))
        #expect(DomainImage.directlyPrintedLinuxKeys == LinuxImage.fields.map(\.key))
        #expect(DeviceConfig.directlyPrintedBlockKeys == BlockDevice.fields.map(\.key))
        #expect(DeviceConfig.directlyPrintedInterfaceKeys == NetworkInterface.fields.map(\.key))
    }

    @Test("domain names sort in byte order, as Python compares str (non-ASCII placeholders included)")
    func nameOrder() async {
        await propertyCheck(count: 2000, input: modelGenerator { ($0.name(), $0.name(), $0.text(0...4)) }) {
            left, right, text in
            #expect((left < right) == left.rawValue.utf8.lexicographicallyPrecedes(right.rawValue.utf8))
            let other = DomainName(unchecked: left.rawValue + text)
            #expect((other < left) == other.rawValue.utf8.lexicographicallyPrecedes(left.rawValue.utf8))
            #expect((left < other) == left.rawValue.utf8.lexicographicallyPrecedes(other.rawValue.utf8))
        }
    }

    /// The direct printer's bytes, from a buffer too small at first, so growing is exercised.
    private static func direct(_ record: DomainRecord) -> [UInt8] {
        var buffer = PrintBuffer(capacity: 0)
        record.writeSExpression(into: &buffer)
        return buffer.withBytes { Array($0) }
    }
}

extension RandomModel {
    /// Any double: random bit patterns (every exponent, subnormals, infinities, NaN), short decimals, and
    /// 13-digit values ending in 5, where rounding to Python's 12 digits is a tie in the decimal text.
    mutating func anyDouble() -> Double {
        switch int(0...3) {
        case 0: return Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &source))
        case 1: return Double(int(0...9_999_999_999)) / Double(pick([1, 10, 100, 1000, 1e6]))
        case 2: return Double(int(1_000_000_000_000...9_999_999_999_999) / 10 * 10 + 5) / 1000
        default: return Double.random(in: 0...1e12, using: &source)
        }
    }
}
