import Hypervisor
import XendModel

/// Hands out domain ids as Xen does: one past the last id given, skipping ids still in use, wrapping
/// from `DOMID_FIRST_RESERVED - 1` (0x7FEF) back to 1. Id 0 is Domain-0's for ever.
struct DomainIDAllocator: Sendable, Equatable {
    /// The first id Xen reserves for special purposes (`DOMID_FIRST_RESERVED`).
    static let firstReserved: UInt32 = 0x7FF0

    /// The id handed out last (0 before any guest).
    private(set) var last: UInt32

    init(last: UInt32 = 0) {
        self.last = last
    }

    /// The next free id, or `nil` when every id below the reserved range is live.
    mutating func allocate(isInUse: (UInt32) -> Bool) -> UInt32? {
        var candidate = last
        for _ in 1..<Self.firstReserved {
            candidate = candidate + 1 >= Self.firstReserved ? 1 : candidate + 1
            if !isInUse(candidate) {
                last = candidate
                return candidate
            }
        }
        return nil
    }
}

/// The host's memory book: every domain's allocation, and what is left.
///
/// Invariant: `free == total - sum(allocations)`; a change that would not fit is refused and changes nothing.
struct MemoryLedger: Sendable, Equatable {
    /// All of the host's memory.
    let total: Memory
    private(set) var allocations: [UInt32: Memory] = [:]
    private(set) var allocated: Memory = .zero

    init(total: Memory) {
        self.total = total
    }

    /// Memory not given to any domain.
    var free: Memory { total - allocated }

    /// The allocation of domain `id` (zero when it has none).
    func allocation(of id: UInt32) -> Memory { allocations[id] ?? .zero }

    /// Sets domain `id`'s allocation to `amount`, if the growth fits in free memory.
    /// - Returns: `false`, changing nothing, when it does not fit.
    mutating func setAllocation(_ amount: Memory, for id: UInt32) -> Bool {
        let current = allocation(of: id)
        if amount > current && amount - current > free { return false }
        allocated = allocated - current + amount
        allocations[id] = amount
        return true
    }

    /// Gives domain `id`'s memory back to the host.
    mutating func release(_ id: UInt32) {
        allocated = allocated - allocation(of: id)
        allocations[id] = nil
    }

    /// Moves an allocation to another id (a restored or renumbered domain) without touching free memory.
    mutating func move(from old: UInt32, to new: UInt32) {
        guard let amount = allocations.removeValue(forKey: old) else { return }
        allocations[new] = amount
    }
}
