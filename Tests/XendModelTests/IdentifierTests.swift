import FoundationEssentials
import Testing

@testable import XendModel

@Suite("Identifiers")
struct IdentifierTests {
    @Test("domain ids read with Python int() leniency and encode as numbers")
    func domainIDs() throws {
        #expect(DomainID("3") == 3)
        #expect(DomainID(" +3 ") == 3)
        #expect(DomainID("-1") == nil)
        #expect(DomainID("vm1") == nil)
        #expect(DomainID("4294967296") == nil)
        #expect(DomainID.controlDomain.isControlDomain)
        #expect(DomainID.invalid.rawValue == 0x7FF4)
        #expect(try jsonText(DomainID(7)) == "7")
        #expect(try jsonRoundTrip(DomainID(7)) == 7)
    }

    @Test("domain names: [A-Za-z0-9_.:+-]+", arguments: ["vm1", "Domain-0", "a.b:c+d_e-f", "0"])
    func validNames(text: String) throws {
        #expect(try DomainName(text).rawValue == text)
    }

    @Test("invalid names are refused", arguments: ["a b", "a/b", "é", "vm1\n", "(x)", "a'b"])
    func invalidNames(text: String) {
        #expect(xendError { _ = try DomainName(text) } == .invalidName)
        #expect(DomainName(validating: text) == nil)
    }

    @Test("names sort in Python (byte) order")
    func nameOrder() throws {
        let names = try ["vm2", "Domain-0", "a", "B", "vm10"].map { text throws in try DomainName(text) }
        #expect(names.sorted().map(\.rawValue) == ["B", "Domain-0", "a", "vm10", "vm2"])
        #expect(xendError { _ = try DomainName("") } == .missingName)
    }

    @Test("UUIDs print lower-case and read with or without dashes")
    func uuids() throws {
        let uuid = try #require(UUID(xendString: "6E5A2F0C1D2B4C3D8E9F0A1B2C3D4E5F"))
        #expect(uuid.xendString == "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f")
        #expect(UUID(xendString: "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f") == uuid)
        #expect(UUID(xendString: "6e5a2f0c") == nil)
        #expect(UUID(xendString: "zz5a2f0c1d2b4c3d8e9f0a1b2c3d4e5f") == nil)
        #expect(UUID.zero.xendString == "00000000-0000-0000-0000-000000000000")
    }

    @Test("seconds convert from and to nanoseconds")
    func seconds() {
        #expect(Seconds.nanoseconds(12_345_678_901) == 12.345678901)
        #expect(Seconds(12.345678901).inNanoseconds == 12_345_678_901)
        #expect(Seconds(-1).inNanoseconds == 0)
    }
}
