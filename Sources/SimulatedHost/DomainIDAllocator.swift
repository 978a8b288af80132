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
