import Hypervisor
import XendModel

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
