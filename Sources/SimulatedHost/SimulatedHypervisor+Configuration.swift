public import Hypervisor
public import XendModel

extension SimulatedHypervisor {
    /// The physical machine being simulated.
    public struct HostShape: Sendable, Equatable {
        /// Host name reported in the node record; says "simulated" so users can tell.
        public var hostName = "xend-simulated"
        public var numaNodes = 1
        public var socketsPerNode = 1
        public var coresPerSocket = 4
        public var threadsPerCore = 2
        public var cpuMHz = 2_400
        public var totalMemory = Memory.mebibytes(16_384)
        /// Memory Domain-0 holds at boot (`dom0_mem`).
        public var domain0Memory = Memory.mebibytes(2_048)
        /// Domain-0's vcpus (0 means one per physical cpu, as Xen defaults).
        public var domain0VCPUs = 0
        public var xenMajor = 4
        public var xenMinor = 17
        public var xenExtra = ".0"
        public var scheduler = "credit"

        public init() {}

        /// Logical cpus: nodes × sockets × cores × threads.
        public var cpuCount: Int { numaNodes * socketsPerNode * coresPerSocket * threadsPerCore }
    }

    /// How long simulated things take, in seconds of the simulation clock.
    public struct Timing: Sendable, Equatable {
        /// Running time a guest needs before it obeys a shutdown or reboot request.
        public var shutdownCompliance = 1.0
        /// Time a device's hotplug script takes before the back-end is ready.
        public var hotplug = 0.05
        /// Time a destroyed domain stays dying before it is gone (0: gone at once).
        public var dying = 0.0
        /// Bytes per second at which a save or core dump writes the guest's memory (of the real guest
        /// size, not of the smaller stand-in image), so a 1 GiB guest takes 1 s at 1 GiB/s.
        public var saveBandwidth = 1_073_741_824.0
        /// Slices a save is written in; the clock advances between them.
        public var saveSlices = 8
        /// xend's `MINIMUM_RESTART_TIME`: a domain that shuts down sooner than this after it started is not
        /// restarted, to avoid loops.
        public var minimumRestartInterval = 60.0
        /// xend's `device-create-timeout`: how long `wait_for_devices` waits.
        public var deviceCreateTimeout = 100.0

        public init() {}
    }

    /// Everything a simulated host is built from.
    public struct Configuration: Sendable {
        public var host = HostShape()
        public var timing = Timing()
        /// The simulation's clock (a ``ManualClock`` in tests).
        public var clock: any SimulationClock = SystemClock()
        /// Where managed domains and the host state live (`--state-dir`); `nil` keeps everything in memory.
        public var stateDirectory: String? = nil
        /// Whether state writes are fsynced (tests of throughput may turn this off; crash safety needs it).
        public var durableWrites = true
        /// Where coredump lifecycle actions write core files (xend's `/var/xen/dump`).
        public var dumpDirectory = "/var/xen/dump"
        /// Fraction of each second a running guest's vcpus are busy (the rest they are blocked).
        public var guestLoad = 0.1
        /// `xend-relocation-secret-file`: the secret `migrate` proves to the destination's relocation server.
        public var relocationSecret: MigrationSecret? = nil
        /// How `migrate` reaches the destination: plain TCP, or TLS (`xend-relocation-ssl`) through a relay.
        public var relocationConnector: any MigrationConnector = PlainMigrationConnector()

        public init() {}
    }
}
