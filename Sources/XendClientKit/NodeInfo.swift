import XendModel

/// What the classic API reported about the host (`struct xend_node`), with memory in **bytes**.
/// The full wire record stays available as ``record``.
public struct NodeInfo: Hashable, Sendable {
    /// Operating system of the control domain (`Linux`).
    public var system: String
    /// Host name.
    public var host: String
    /// Kernel release of the control domain.
    public var release: String
    /// Machine architecture (`x86_64`).
    public var machine: String
    /// Physical CPUs.
    public var cpuCount: Int
    /// NUMA nodes.
    public var nodeCount: Int
    /// Sockets per node, from the record or, as libvirt did when Xen 3.2 dropped it, derived.
    public var socketsPerNode: Int
    /// Cores per socket.
    public var coresPerSocket: Int
    /// Threads per core.
    public var threadsPerCore: Int
    /// CPU clock in MHz.
    public var cpuMHz: Int
    /// Host memory, in bytes.
    public var totalMemory: UInt64
    /// Memory not used by any domain, in bytes.
    public var freeMemory: UInt64
    /// The hypervisor's major version.
    public var xenMajor: Int
    /// The hypervisor's minor version.
    public var xenMinor: Int
    /// The hypervisor's extra version text (`.0`, `-rc`).
    public var xenExtra: String
    /// Guest kinds the hypervisor runs (`xen-3.0-x86_64 hvm-3.0-x86_64`).
    public var xenCaps: String
    /// The CPU scheduler (`credit`), when reported.
    public var scheduler: String?
    /// The daemon's `xend_config_format` (1 when absent, 4 for Xen 3.1 and later).
    public var configFormat: Int
    /// The record as the daemon sent it.
    public var record: NodeRecord

    /// The hypervisor version as libvirt computed it: major·1 000 000 + minor·1 000 + the digits of the
    /// extra version read as one number (`.3-rc5` gives 35).
    public var versionNumber: Int {
        let digits = xenExtra.filter(\.isASCII).filter(\.isNumber)
        return xenMajor * 1_000_000 + xenMinor * 1_000 + (Int(digits.prefix(6)) ?? 0)
    }

    /// Reads a node record. This is the one place where the wire's MiB become bytes.
    public init(record: NodeRecord) {
        self.system = record.system
        self.host = record.host
        self.release = record.release
        self.machine = record.machine
        self.cpuCount = record.nrCPUs
        self.nodeCount = record.nrNodes
        let perSocket = max(record.nrNodes, 1) * max(record.coresPerSocket, 1) * max(record.threadsPerCore, 1)
        self.socketsPerNode = record.socketsPerNode.flatMap { $0 > 0 ? $0 : nil } ?? max(record.nrCPUs / perSocket, 1)
        self.coresPerSocket = record.coresPerSocket
        self.threadsPerCore = record.threadsPerCore
        self.cpuMHz = record.cpuMHz
        self.totalMemory = record.totalMemory.inBytes
        self.freeMemory = record.freeMemory.inBytes
        self.xenMajor = record.xenMajor
        self.xenMinor = record.xenMinor
        self.xenExtra = record.xenExtra
        self.xenCaps = record.xenCaps
        self.scheduler = record.xenScheduler
        self.configFormat = record.xendConfigFormat ?? 1
        self.record = record
    }
}
