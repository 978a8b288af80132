/// What the hypervisor knows about a domain and its config does not: the runtime half of a `DomainRecord`.
///
/// A backend fills this from `libxl_dominfo` (or the simulated host); `DomainRecord(config:runtime:)`
/// joins it with the stored `VMConfig`. An inactive managed domain has `domainID == nil`.
public struct DomainRuntimeInfo: Hashable, Sendable {
    /// The domain id; `nil` when the domain is not running.
    public var domainID: DomainID?
    /// The hypervisor flags (ignored when `domainID` is `nil`).
    public var state: DomainStateFlags
    /// Why the domain shut down, when the `shutdown` flag is set.
    public var shutdownReason: XendShutdownReason?
    /// The status to report; derived from `state` (or halted when inactive) when `nil`.
    public var status: DomainStatus?
    /// CPU time used by all VCPUs.
    public var cpuTime: Seconds?
    /// When the domain started, in seconds since the Unix epoch.
    public var startTime: Seconds?
    /// How many VCPUs are online.
    public var onlineVCPUs: Int?
    /// Which VCPUs are online (bit n = VCPU n); all of them when `nil`.
    public var vcpuAvailable: UInt64?
    /// The current balloon target, reported as the record's `memory`; the config's when `nil`.
    public var memoryTarget: Memory?
    /// The current maximum, reported as `maxmem`; the config's when `nil`.
    public var maximumMemory: Memory?
    /// Per-VCPU pinning as the hypervisor has it; the config's `cpus` when `nil`.
    public var cpuAffinity: [[Int]]?
    /// The machine frame of the xenstore ring.
    public var storeMFN: UInt64?
    /// The machine frame of the console ring.
    public var consoleMFN: UInt64?
    /// The live device view (see `DeviceConfig.recordView`); the config's devices when `nil`.
    public var devices: [DeviceConfig]?

    /// Runtime facts of a live domain, or of an inactive one with `domainID: nil`.
    public init(
        domainID: DomainID?, state: DomainStateFlags = [], shutdownReason: XendShutdownReason? = nil,
        status: DomainStatus? = nil, cpuTime: Seconds? = nil, startTime: Seconds? = nil, onlineVCPUs: Int? = nil,
        vcpuAvailable: UInt64? = nil, memoryTarget: Memory? = nil, maximumMemory: Memory? = nil,
        cpuAffinity: [[Int]]? = nil, storeMFN: UInt64? = nil, consoleMFN: UInt64? = nil, devices: [DeviceConfig]? = nil
    ) {
        self.domainID = domainID
        self.state = state
        self.shutdownReason = shutdownReason
        self.status = status
        self.cpuTime = cpuTime
        self.startTime = startTime
        self.onlineVCPUs = onlineVCPUs
        self.vcpuAvailable = vcpuAvailable
        self.memoryTarget = memoryTarget
        self.maximumMemory = maximumMemory
        self.cpuAffinity = cpuAffinity
        self.storeMFN = storeMFN
        self.consoleMFN = consoleMFN
        self.devices = devices
    }

    /// A defined domain that is not running.
    public static let inactive = DomainRuntimeInfo(domainID: nil)

    /// The status the record reports.
    public var effectiveStatus: DomainStatus {
        if let status { return status }
        guard domainID != nil else { return .halted }
        if state.contains(.shutdown), !state.contains(.dying), !state.contains(.crashed) {
            return shutdownReason == .suspend ? .suspended : .halted
        }
        return state.status
    }
}
