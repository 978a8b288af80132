import Foundation
import XendModel

/// A domain's run state as libvirt's xend driver derived it from the record's `state` flags
/// (the final driver's order: crashed, shutoff, shutdown, paused, blocked, running).
public enum DomainState: String, Hashable, Sendable, CaseIterable, Codable {
    /// No `state` field on a live domain.
    case noState = "nostate"
    /// On a CPU (`r`).
    case running
    /// Idle, waiting for an event (`b`).
    case blocked
    /// Paused (`p`).
    case paused
    /// Being destroyed (`d`).
    case shutdown
    /// Shut down (`s`), or defined but not running (no `domid`).
    case shutoff
    /// Crashed (`c`).
    case crashed

    /// The state of a record: from its flags, or `shutoff` for an inactive managed domain.
    public init(record: DomainRecord) {
        guard let flags = record.state else {
            self = record.isActive ? .noState : .shutoff
            return
        }
        if flags.contains(.crashed) {
            self = .crashed
        } else if flags.contains(.shutdown) {
            self = .shutoff
        } else if flags.contains(.dying) {
            self = .shutdown
        } else if flags.contains(.paused) {
            self = .paused
        } else if flags.contains(.blocked) {
            self = .blocked
        } else if flags.contains(.running) {
            self = .running
        } else {
            self = .noState
        }
    }
}

/// What the classic API reported about one domain, in the classic API's units: memory in **bytes**,
/// CPU time in **nanoseconds**. The full wire record stays available as ``record``.
public struct DomainInfo: Hashable, Sendable {
    /// The domain's name.
    public var name: DomainName
    /// The live domain id, or `nil` for a defined domain that is not running.
    public var id: DomainID?
    /// The domain's UUID.
    public var uuid: UUID
    /// The run state.
    public var state: DomainState
    /// The memory target (the balloon size), in bytes.
    public var memory: UInt64
    /// The maximum memory, in bytes.
    public var maxMemory: UInt64
    /// The number of virtual CPUs the domain may have (its maximum).
    public var vcpus: Int
    /// The virtual CPUs online now, when the daemon reports them.
    public var onlineVCPUs: Int?
    /// CPU time used so far, in nanoseconds (0 for a domain that is not running).
    public var cpuTime: UInt64
    /// Whether the domain is fully virtualised (its image is `hvm`).
    public var isHVM: Bool
    /// The record as the daemon sent it.
    public var record: DomainRecord

    /// Reads a record. This is the one place where the wire's MiB and seconds become bytes and nanoseconds.
    public init(record: DomainRecord) {
        self.name = record.name
        self.id = record.domainID
        self.uuid = record.uuid
        self.state = DomainState(record: record)
        self.memory = record.memory.inBytes
        self.maxMemory = record.maxmem.inBytes
        self.vcpus = record.vcpus
        self.onlineVCPUs = record.onlineVCPUs ?? record.vcpuAvail.map { $0.nonzeroBitCount }
        self.cpuTime = record.cpuTime?.inNanoseconds ?? 0
        self.isHVM = record.image?.isHVM ?? false
        self.record = record
    }
}
