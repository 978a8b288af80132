import FoundationEssentials
import Testing

@testable import XendModel

/// The parameter syntaxes of every xend release from 3.0.0 to 4.4, read by one set of types.
@Suite("Legacy parameter forms")
struct LegacyParameterTests {
    static let fourCPUs: @Sendable () throws(XendError) -> Int = { () throws(XendError) in 4 }

    @Test(
        "pincpu cpumaps in every era's form",
        arguments: [
            ("0,2", [0, 2]), ("[0,2,3]", [0, 2, 3]), ("[0]", [0]), ("[0, 1]", [0, 1]), (" 3 ", [3]),
            ("0-3", [0, 1, 2, 3]), ("0-3,^2", [0, 1, 3]), ("^2", [0, 1, 3]), ("all", [0, 1, 2, 3]),
            ("ALL", [0, 1, 2, 3]), ("2,0,2", [0, 2]), ("[1-2]", [1, 2]),
        ])
    func cpumaps(text: String, cpus: [Int]) throws {
        #expect(try PinCPUMap(text).cpus(hostCPUCount: Self.fourCPUs) == cpus)
    }

    @Test("an explicit list never asks the host for its CPU count")
    func explicitListIsPure() throws {
        let never: () throws(XendError) -> Int = { () throws(XendError) in throw XendError(.operationFailed, "asked") }
        #expect(try PinCPUMap("[0,2]").cpus(hostCPUCount: never) == [0, 2])
        #expect(xendError { _ = try PinCPUMap("all").cpus(hostCPUCount: never) }?.message == "asked")
    }

    @Test("bad cpumap items fail with Python's int() text or say what is wrong")
    func badCPUMaps() {
        #expect(xendError { _ = try PinCPUMap("x") } == .invalidInteger("x"))
        #expect(xendError { _ = try PinCPUMap("") } == .invalidInteger(""))
        #expect(xendError { _ = try PinCPUMap("0,,1") } == .invalidInteger(""))
        #expect(xendError { _ = try PinCPUMap("[0") } == .invalidInteger("[0"))
        #expect(xendError { _ = try PinCPUMap("3-1") }?.message == "Invalid cpumap: range 3-1 is reversed")
        #expect(
            xendError { _ = try PinCPUMap("0-99999999") }?.message == "Invalid cpumap: cpu 99999999 is out of range")
        #expect(xendError { _ = try PinCPUMap("-1") }?.message == "Invalid cpumap: cpu -1 is out of range")
    }

    @Test(
        "sysrq keys as the character or its decimal code",
        arguments: [("s", 115), ("115", 115), (" 115", 115), ("b", 98), ("1", 49), ("49", 49), ("+98", 98)])
    func sysrqKeys(text: String, code: Int) throws {
        #expect(try SysrqKey(parameter: text).code == code)
    }

    @Test("sysrq keys that are neither fail as the original said")
    func badSysrqKeys() {
        #expect(xendError { _ = try SysrqKey(parameter: "ss") } == .invalidInteger("ss"))
        #expect(xendError { _ = try SysrqKey(parameter: "") } == .invalidInteger(""))
        #expect(xendError { _ = try SysrqKey(parameter: "é") } == .invalidInteger("é"))
        #expect(xendError { _ = try SysrqKey(parameter: "256") }?.message == "chr() arg not in range(256)")
    }

    @Test("an HVM image's serial is one port or a list, printed back as given")
    func serialPorts() throws {
        let listed = try VMConfig(
            parsing: "(vm (name h) (image (hvm (kernel /k) (serial (/dev/ttyS0 /dev/ttyS1)))))")
        guard case .hvm(let image) = listed.image else {
            Issue.record("expected hvm")
            return
        }
        #expect(image.serial == SerialPorts(list: ["/dev/ttyS0", "/dev/ttyS1"]))
        #expect(listed.toSExpression().description.contains("(serial (/dev/ttyS0 /dev/ttyS1))"))
        let single = try VMConfig(parsing: "(vm (name h) (image (hvm (kernel /k) (serial pty))))")
        guard case .hvm(let singleImage) = single.image else {
            Issue.record("expected hvm")
            return
        }
        #expect(singleImage.serial == SerialPorts("pty"))
        #expect(singleImage.serial?.single == "pty")
        #expect(single.toSExpression().description.contains("(serial pty)"))
        #expect(try jsonText(SerialPorts(list: ["a", "b"])) == #"["a","b"]"#)
        #expect(try jsonRoundTrip(SerialPorts("pty")) == SerialPorts("pty"))
        #expect(try jsonRoundTrip(SerialPorts(list: ["pty"])) == SerialPorts(list: ["pty"]))
    }

    @Test("a list of serial ports holds only single values")
    func nestedSerialPorts() {
        let error = xendError { _ = try VMConfig(parsing: "(vm (name h) (image (hvm (serial ((a b))))))") }
        #expect(error?.message.contains("serial") == true)
    }

    @Test("reason phrases that depend on the request")
    func reasonPhrases() {
        #expect(XendReasonPhrase.phrase(status: 500, method: "POST", op: "pause") == "Request failed: pause")
        #expect(XendReasonPhrase.phrase(status: 500, method: "GET", op: "vcpuinfo") == "Request failed: vcpuinfo")
        #expect(XendReasonPhrase.phrase(status: 500, method: "GET", op: "pause") == nil)
        #expect(XendReasonPhrase.phrase(status: 500, method: "POST", op: nil) == nil)
        #expect(
            XendReasonPhrase.phrase(status: 501, method: "POST", op: "frob") == "Operation not implemented: frob")
        #expect(XendReasonPhrase.phrase(status: 201, method: "POST", op: "create") == "created")
        #expect(XendReasonPhrase.phrase(status: 201, method: "POST", op: "restore") == nil)
        #expect(XendReasonPhrase.phrase(status: 200, method: "POST", op: "pause") == nil)
        #expect(XendReasonPhrase.phrase(status: 404, method: "POST", op: "pause") == nil)
    }
}
