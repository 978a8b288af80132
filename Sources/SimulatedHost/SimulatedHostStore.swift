import FoundationEssentials
import Glibc
import Hypervisor
import SExpression
import XendModel

/// The simulated host's files under the state directory (`--state-dir`):
///
/// - `domains/<uuid>.sxp`: one managed domain's config, `(vm ...)`.
/// - `live/<domid>.dom`: one live domain: its config and runtime values (a ``SaveImage`` without memory).
/// - `host`: counters (the last domain id handed out).
///
/// Every file is written with ``AtomicFile`` (temp file, fsync, rename, fsync of the directory), so a
/// crash leaves either the old or the new version, and a damaged file is detected when loading.
final class SimulatedHostStore: Sendable {
    let directory: String
    let durable: Bool
    /// `domains/`: the managed domains, in the layout both backends share.
    let managed: ManagedDomainStore

    var managedDirectory: String { managed.directory }
    var liveDirectory: String { directory + "/live" }

    init(directory: String, durable: Bool) throws(XendError) {
        self.directory = directory
        self.durable = durable
        managed = try ManagedDomainStore(directory: directory + "/domains", durable: durable)
        try ManagedDomainStore.makeStateDirectory(directory + "/live")
    }

    // MARK: Writing

    func saveManagedDomain(_ config: VMConfig, uuid: UUID) throws(XendError) {
        try managed.save(config, uuid: uuid)
    }

    func removeManagedDomain(_ uuid: UUID) throws(XendError) {
        try managed.remove(uuid)
    }

    func saveLiveDomain(_ id: DomainID, _ state: SimulatedDomainState) throws(XendError) {
        var values = state.guest.storedValues
        values["domid"] = String(id.rawValue)
        values["memory_target_kib"] = String(state.memoryTarget.inKibibytes)
        values["maxmem_kib"] = String(state.maximumMemory.inKibibytes)
        values["max_vcpus"] = String(state.maximumVCPUs)
        values["weight"] = String(state.weight)
        values["cap"] = String(state.cap)
        values["pinning"] = state.pinning.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
        values["cpu_time"] = String(state.guest.cpuTime)
        values["start_time"] = String(state.guest.startTime.secondsSinceEpoch)
        values["online_vcpus"] = String(state.guest.onlineVCPUs)
        values["shutdown_handled"] = state.shutdownHandled ? "1" : "0"
        if let sysrq = state.lastSysrq { values["last_sysrq"] = String(sysrq) }
        for (deviceClass, next) in state.nextDeviceIDs { values["next_devid_\(deviceClass.rawValue)"] = String(next) }
        let image = SaveImage(configText: state.config.toSExpression().description, guestState: values, memoryImage: [])
        try write(image.encoded(), to: livePath(id))
    }

    func removeLiveDomain(_ id: DomainID) throws(XendError) {
        try remove(livePath(id))
    }

    func saveHostCounters(lastDomainID: UInt32) throws(XendError) {
        try write(Array("last_domid \(lastDomainID)\n".utf8), to: directory + "/host")
    }

    // MARK: Reading

    /// What the directory holds, and the files that could not be used (moved aside as `.corrupt`).
    struct Contents {
        var managed: [(UUID, VMConfig)] = []
        var live: [(DomainID, SaveImage)] = []
        var lastDomainID: UInt32 = 0
        var problems: [String] = []
    }

    func load() -> Contents {
        var contents = Contents()
        let (managedDomains, managedProblems) = managed.load()
        contents.managed = managedDomains
        contents.problems = managedProblems
        for name in entries(of: liveDirectory, &contents) where name.hasSuffix(".dom") {
            let path = liveDirectory + "/" + name
            do throws(XendError) {
                let bytes = try readBytes(path)
                let image = try SaveImage.decodeForOperation(bytes)
                guard let id = UInt32(name.dropLast(4)), image.guestState["domid"] == String(id) else {
                    throw XendError(.operationFailed, "file name and domid disagree")
                }
                contents.live.append((DomainID(id), image))
            } catch {
                quarantine(path, error.message, &contents)
            }
        }
        if let text = try? readText(directory + "/host"), let last = text.split(separator: " ").last,
            let value = UInt32(last.filter(\.isNumber))
        {
            contents.lastDomainID = value
        }
        return contents
    }

    /// Moves a damaged file aside and records why; it is never loaded.
    func quarantine(_ path: String, _ reason: String, _ contents: inout Contents) {
        contents.problems.append(ManagedDomainStore.quarantine(path, reason))
    }

    // MARK: Helpers

    private func livePath(_ id: DomainID) -> String { "\(liveDirectory)/\(id.rawValue).dom" }

    private func write(_ bytes: [UInt8], to path: String) throws(XendError) {
        try ManagedDomainStore.write(bytes, to: path, durable: durable)
    }

    private func remove(_ path: String) throws(XendError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw XendError(.operationFailed, "cannot remove \(path): \(AtomicFile.errorText())")
        }
    }

    private func readBytes(_ path: String) throws(XendError) -> [UInt8] {
        try ManagedDomainStore.readBytes(path)
    }

    private func readText(_ path: String) throws(XendError) -> String {
        try ManagedDomainStore.readText(path)
    }

    private func entries(of directory: String, _ contents: inout Contents) -> [String] {
        ManagedDomainStore.entries(of: directory, &contents.problems)
    }
}
