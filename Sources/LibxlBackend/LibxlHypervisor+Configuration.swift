public import Hypervisor

extension LibxlHypervisor {
    /// Where the libxl backend keeps its files, and its lifecycle policy's settings.
    public struct Configuration: Sendable {
        /// The daemon's state directory (`--state-dir`): managed domains go to `<it>/domains/<uuid>.sxp`,
        /// the layout the simulated host uses. `nil` keeps managed domains in memory only (tests).
        public var stateDirectory: String?
        /// Where `coredump-destroy` / `coredump-restart` write core files (xend's `/var/xen/dump`).
        public var dumpDirectory = "/var/xen/dump"
        /// A domain that reboots or crashes sooner than this many seconds after it was built is destroyed
        /// instead of restarted (xend's loop guard, 60 s).
        public var minimumRestartInterval = 60.0
        /// Whether state files are `fsync`ed; only tests turn it off.
        public var durableWrites = true
        /// `xend-relocation-secret-file`: the secret `migrate` proves to the destination's relocation server.
        public var relocationSecret: MigrationSecret? = nil
        /// How `migrate` reaches the destination: plain TCP, or TLS (`xend-relocation-ssl`) through a relay.
        public var relocationConnector: any MigrationConnector = PlainMigrationConnector()

        public init(stateDirectory: String? = nil) {
            self.stateDirectory = stateDirectory
        }
    }
}
