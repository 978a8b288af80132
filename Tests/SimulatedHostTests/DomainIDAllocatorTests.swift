import Testing
import XendModel

@testable import Hypervisor
@testable import SimulatedHost

@Suite("Domain ids and the memory ledger")
struct DomainIDAllocatorTests {
    @Test("ids count up and are not reused after a domain goes")
    func monotonic() {
        var allocator = DomainIDAllocator()
        var live: Set<UInt32> = []
        let first = allocator.allocate { live.contains($0) }
        live.insert(first!)
        let second = allocator.allocate { live.contains($0) }
        live.remove(first!)
        let third = allocator.allocate { live.contains($0) }
        #expect([first, second, third] == [1, 2, 3])
    }

    @Test("ids wrap below DOMID_FIRST_RESERVED and skip live ones")
    func wraps() {
        var allocator = DomainIDAllocator(last: 0x7FEE)
        let live: Set<UInt32> = [1, 2]
        #expect(allocator.allocate { live.contains($0) } == 0x7FEF)
        #expect(allocator.allocate { live.contains($0) } == 3)
    }

    @Test("a full id space yields nil")
    func exhausted() {
        var allocator = DomainIDAllocator()
        #expect(allocator.allocate { _ in true } == nil)
    }

    @Test("growth that does not fit changes nothing; free is total minus allocations")
    func ledger() {
        var ledger = MemoryLedger(total: .mebibytes(1000))
        let dom0Fits = ledger.setAllocation(.mebibytes(600), for: 0)
        #expect(dom0Fits)
        let tooBigFits = ledger.setAllocation(.mebibytes(500), for: 1)
        #expect(!tooBigFits)
        #expect(ledger.free == .mebibytes(400))
        #expect(ledger.allocation(of: 1) == .zero)
        let restFits = ledger.setAllocation(.mebibytes(400), for: 1)
        #expect(restFits)
        #expect(ledger.free == .zero)
        let shrinkFits = ledger.setAllocation(.mebibytes(100), for: 1)
        #expect(shrinkFits)
        #expect(ledger.free == .mebibytes(300))
        ledger.move(from: 1, to: 7)
        #expect(ledger.allocation(of: 7) == .mebibytes(100))
        ledger.release(7)
        #expect(ledger.free == .mebibytes(400))
    }
}
