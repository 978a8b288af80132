import Testing
import XendModel

@testable import SimulatedHost

/// `GET /xend/domain` sorts names through `sortedInByteOrder`, which must give `sorted()`'s order.
@Suite("Simulated host: name order")
struct NameOrderTests {
    @Test("sortedInByteOrder gives sorted()'s order on names sharing long prefixes, short and long")
    func sameOrderAsSorted() throws {
        // A fixed linear congruential sequence: the same names on every run.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let alphabet = Array("aZ09._:+-")
        for round in 0..<50 {
            var names: [DomainName] = []
            for _ in 0..<(round * 20 + 1) {
                let stem = ["guest", "guest1", "web-server", "db", ""][next(5)]
                let tail = String((0..<next(7)).map { _ in alphabet[next(alphabet.count)] })
                if let name = DomainName(validating: stem + tail) { names.append(name) }
            }
            #expect(SimulatedHypervisor.sortedInByteOrder(names) == names.sorted())
        }
    }
}
