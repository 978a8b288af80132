public import FoundationEssentials
public import XendModel

/// A Xen host as the daemon drives it: the backend protocol.
///
/// Two implementations: `LibxlHypervisor` (a real Xen host through libxl) and ``SimulatedHypervisor``
/// (a faithful model of one Xen host, the default where there is no Xen). Calls are synchronous and
/// may block (a save writes a whole guest), so the daemon calls them from its worker threads. Every
/// implementation is thread-safe and serialises operations per domain, never globally: a slow save of
/// one domain does not delay node queries or operations on other domains.
///
/// Errors are ``XendModel/XendError`` values carrying the original daemon's texts, so the daemon can put
/// them on the wire as they are.
public protocol Hypervisor: Sendable {
    // MARK: Node

    /// The node record (`GET /xend/node`).
    func nodeRecord() throws(XendError) -> NodeRecord
    /// The node record when it differs from `known`, nil while `known` is still current: a caller that
    /// keeps the last record (the router keeps it printed) learns that without a copy of an unchanged
    /// record, and gets a changed one from the same read. The default reads ``nodeRecord()`` once.
    func nodeRecord(ifChangedFrom known: NodeRecord) throws(XendError) -> NodeRecord?
    /// The hypervisor console ring (`GET /xend/node/dmesg`, `xl dmesg`).
    func hypervisorConsole() throws(XendError) -> String
    /// Empties the console ring (`POST /xend/node/dmesg op=clear`).
    func clearHypervisorConsole() throws(XendError)

    // MARK: Domains

    /// Every domain: the live ones, then the inactive managed ones.
    func domainRecords() throws(XendError) -> [DomainRecord]
    /// Names of the domains in `filter`'s state, sorted as xend sorts them.
    func domainNames(_ filter: DomainStateFilter) throws(XendError) -> [DomainName]
    /// One domain, found as xend finds `<dom>` in a path: live name, managed name, domain id, live uuid,
    /// managed uuid.
    /// - Throws: ``XendModel/XendError/noSuchDomain(_:)`` when nothing matches.
    func domain(matching reference: String) throws(XendError) -> DomainRecord

    /// Builds a domain from `config` and leaves it paused (`op=create`); devices may still be connecting.
    @discardableResult
    func createDomain(_ config: VMConfig) throws(XendError) -> DomainRecord
    func pause(_ domain: DomainID) throws(XendError)
    func unpause(_ domain: DomainID) throws(XendError)
    /// Asks the guest to shut down; returns at once (the guest obeys later, then the lifecycle action applies).
    func shutdown(_ domain: DomainID, reason: XendShutdownReason) throws(XendError)
    /// Kills the domain at once.
    func destroy(_ domain: DomainID) throws(XendError)
    /// Hard reset: destroys the domain and builds it again from its config (a new domain id).
    func reset(_ domain: DomainID) throws(XendError)
    func rename(_ domain: DomainID, to name: DomainName) throws(XendError)
    /// Sends a magic SysRq key, given as its ASCII code (`115` is `s`).
    func sendSysrq(_ domain: DomainID, key: Int) throws(XendError)
    /// Suspends the domain, writes its state to `path` on the host and destroys it.
    func save(_ domain: DomainID, to path: String) throws(XendError)
    /// Builds a domain from a file `save` wrote; it runs again under a new domain id.
    func restore(from path: String) throws(XendError) -> DomainRecord
    /// Sends the domain to another host's relocation server (`op=migrate`); the domain leaves this host.
    /// - Parameters:
    ///   - host: the destination's host name or address.
    ///   - port: the relocation port; 0 means xend's default, 8002.
    ///   - live: keep the guest running while its memory is copied.
    func migrate(_ domain: DomainID, to host: String, port: Int, live: Bool) throws(XendError)
    /// Receives a domain another host's `migrate` sends, once the relocation server has answered its
    /// request; it runs here afterwards. ``MigrationChannel`` describes the conversation. On failure the
    /// sender has been told why (an `error` line) and nothing of the domain is left here.
    func receiveMigration(over channel: MigrationChannel) throws(XendError) -> DomainRecord
    /// Writes a core dump of the domain to `path`; `live` keeps it running meanwhile, `crash` destroys it
    /// afterwards, `reset` resets it afterwards.
    func dumpCore(_ domain: DomainID, to path: String, live: Bool, crash: Bool, reset: Bool) throws(XendError)

    // MARK: Memory, vcpus, scheduling

    /// The balloon target (`op=mem_target_set`).
    func setMemoryTarget(_ target: Memory, for domain: DomainID) throws(XendError)
    /// The maximum the domain may balloon up to (`op=maxmem_set`).
    func setMaximumMemory(_ maximum: Memory, for domain: DomainID) throws(XendError)
    /// Brings vcpus online or offline (`op=set_vcpus`), up to the domain's maximum.
    func setVCPUCount(_ count: Int, for domain: DomainID) throws(XendError)
    /// Pins one vcpu, or all when `vcpu` is `nil`, to the physical cpus `cpus` (`op=pincpu`).
    func pinVCPU(_ vcpu: Int?, to cpus: [Int], for domain: DomainID) throws(XendError)
    /// Per-vcpu state (`op=vcpuinfo`).
    func vcpuInfo(_ domain: DomainID) throws(XendError) -> VCPUInfoReply
    /// The credit scheduler's weight and cap for the domain.
    func creditSchedulerParameters(_ domain: DomainID) throws(XendError) -> CreditSchedulerParameters
    func setCreditSchedulerParameters(_ parameters: CreditSchedulerParameters, for domain: DomainID)
        throws(XendError)
    /// The credit2 scheduler's weight for the domain; `XendError.schedulerNotInUse` when the domain does
    /// not run under credit2.
    func credit2SchedulerParameters(_ domain: DomainID) throws(XendError) -> Credit2SchedulerParameters
    func setCredit2SchedulerParameters(_ parameters: Credit2SchedulerParameters, for domain: DomainID)
        throws(XendError)

    // MARK: Devices

    /// Hot-plugs a device; returns which one was made (`op=device_create`).
    func createDevice(_ device: DeviceConfig, for domain: DomainID) throws(XendError) -> DeviceReference
    /// Unplugs the device `device` (a devid such as `51712` or a name such as `xvda`) of `deviceClass`.
    func destroyDevice(_ deviceClass: DeviceClass, _ device: String, force: Bool, for domain: DomainID)
        throws(XendError)
    /// Changes a device in place: the media of a cdrom, or PCI functions attached (`(state Initialising)`)
    /// or detached (`(state Closing)`) (`op=device_configure`).
    func configureDevice(_ device: DeviceConfig, _ reference: String, for domain: DomainID) throws(XendError)
    /// Passes a host USB device to a running HVM guest's emulated USB controller (`op=usb_add`); the
    /// caller has checked the guest is HVM with `(usb 1)`.
    func addUSBDevice(_ device: USBHostDevice, to domain: DomainID) throws(XendError)
    /// Takes a host USB device back from the guest (`op=usb_del`).
    func removeUSBDevice(_ device: USBHostDevice, from domain: DomainID) throws(XendError)
    /// The front-end view of the domain's devices of one class (`op=devices`).
    func devices(_ deviceClass: DeviceClass, of domain: DomainID) throws(XendError) -> [DeviceFrontendState]
    /// Returns when every device's back-end is connected; fails naming the first that is not after `timeout`
    /// seconds (`op=wait_for_devices`; `nil` means the configured `device-create-timeout`).
    func waitForDevices(_ domain: DomainID, timeout: Double?) throws(XendError)

    // MARK: Managed domains

    /// Defines (or redefines, same uuid) a managed domain without starting it (`op=new`).
    @discardableResult
    func defineDomain(_ config: VMConfig) throws(XendError) -> DomainRecord
    /// Starts an inactive managed domain; it runs (`op=start`).
    func startDomain(_ uuid: UUID) throws(XendError) -> DomainRecord
    /// Forgets an inactive managed domain (`op=delete`).
    func deleteDomain(_ uuid: UUID) throws(XendError)
}

extension Hypervisor {
    public func nodeRecord(ifChangedFrom known: NodeRecord) throws(XendError) -> NodeRecord? {
        let current = try nodeRecord()
        return current == known ? nil : current
    }
}
