import FoundationEssentials
import Hypervisor
public import XendModel
import Xenlight

extension LibxlHypervisor {
    /// The live domains, then the managed domains that do not run.
    public func domainRecords() throws(XendError) -> [DomainRecord] {
        try domainRecords(includingInactive: true)
    }

    func domainRecords(includingInactive: Bool) throws(XendError) -> [DomainRecord] {
        let infos = try liveInfos()
        let live = infos.compactMap { info in
            let record = record(of: info)
            if record == nil { logger.warning("domain \(info.domid) has no valid name; left out of the list") }
            return record
        }
        guard includingInactive else { return live }
        return live + inactiveManagedRecords(excluding: Set(live.map(\.uuid)))
    }

    /// Names and states only: no record is built (a record needs the stored config and more of libxl's
    /// view; the names list is what clients poll).
    public func domainNames(_ filter: DomainStateFilter) throws(XendError) -> [DomainName] {
        let infos = try liveInfos()
        var names = infos.compactMap { info in
            filter.includes(info.runtimeInfo.effectiveStatus) ? name(of: info) : nil
        }
        names += inactiveManagedRecords(excluding: Set(infos.map(liveUUID(of:))))
            .filter { filter.includes($0.effectiveStatus) }.map(\.name)
        return names.sorted()
    }

    /// A domain as xend finds `<dom>` in a path: live name, managed name, domain id, live uuid, managed uuid.
    /// Only the record found is built.
    public func domain(matching reference: String) throws(XendError) -> DomainRecord {
        let infos = try liveInfos()
        if let info = infos.first(where: { name(of: $0)?.rawValue == reference }), let found = record(of: info) {
            return found
        }
        let inactive = inactiveManagedRecords(excluding: Set(infos.map(liveUUID(of:))))
        if let found = inactive.first(where: { $0.name.rawValue == reference }) { return found }
        if let id = UInt32(reference), let info = infos.first(where: { $0.domid == id }), let found = record(of: info) {
            return found
        }
        if let uuid = UUID(xendString: reference) {
            if let info = infos.first(where: { liveUUID(of: $0) == uuid }), let found = record(of: info) {
                return found
            }
            if let found = inactive.first(where: { $0.uuid == uuid }) { return found }
        }
        throw .noSuchDomain(reference)
    }

    /// libxl's list of live domains; stored configs of domains no longer in it are forgotten.
    private func liveInfos() throws(XendError) -> [DomInfo] {
        let infos = try libxl("libxl_list_domain") { () throws(XenlightError) in try context.domains() }
        let live = Set(infos.map(\.domid))
        storedConfigs.keepOnly(live)
        nameWatch.keepOnly(live)
        return infos
    }

    /// The name a live domain's record shows: libxl's, else its stored config's, else `Domain-<id>`.
    func name(of info: DomInfo) -> DomainName? {
        if let name = libxlName(of: info), let valid = DomainName(validating: name) { return valid }
        return cachedStoredConfig(of: info)?.name ?? DomainName(validating: "Domain-\(info.domid)")
    }

    /// The uuid a live domain's record shows (``effectiveUUID(of:stored:)``).
    func liveUUID(of info: DomInfo) -> UUID {
        effectiveUUID(of: info, stored: cachedStoredConfig(of: info)?.uuid)
    }

    private func cachedStoredConfig(of info: DomInfo) -> VMConfig? {
        storedConfigs.value(of: info.domid, handle: info.uuid) { storedConfig(of: Domid(info.domid)) }
    }

    /// libxl's name of a live domain (`libxl_domid_to_name`, a xenstore read), kept between listings while
    /// xenstore is watched.
    func libxlName(of info: DomInfo) -> String? {
        nameWatch.name(of: info.domid, handle: info.uuid) { context.name(of: Domid(info.domid)) }
    }

    /// The record of a live domain: its stored xend config (or one built from libxl's view) with libxl's state.
    func record(of info: DomInfo) -> DomainRecord? {
        // One xenstore read for the name, which both the fallback config and a stored config's record show.
        let libxlName = libxlName(of: info).flatMap(DomainName.init(validating:))
        guard var config = cachedStoredConfig(of: info) ?? fallbackConfig(of: info, libxlName: libxlName) else {
            return nil
        }
        config.uuid = effectiveUUID(of: info, stored: config.uuid)
        if let libxlName { config.name = libxlName }
        return DomainRecord(config: config, runtime: info.runtimeInfo)
    }

    /// The domain's uuid as xend shows it: Xen's handle, except for a domain kept by rename-restart, whose
    /// new uuid lives in its stored config and xenstore (`libxl_domain_preserve` leaves Xen's handle alone).
    func effectiveUUID(of info: DomInfo, stored: @autoclosure () -> UUID?) -> UUID {
        guard info.shutdown || info.dying, let stored = stored(), isMarkedHandled(Domid(info.domid)) else {
            return info.uuid
        }
        return stored
    }

    /// What a record shows for a domain this daemon did not create (dom0, xl's guests): name and sizes only.
    /// `libxlName` is the name a caller has already read from xenstore (`.some(nil)`: read, not a valid
    /// name); when it is nil, the name is read here.
    func fallbackConfig(of info: DomInfo, libxlName: DomainName?? = nil) -> VMConfig? {
        let libxlName = libxlName ?? self.libxlName(of: info).flatMap(DomainName.init(validating:))
        guard let name = libxlName ?? DomainName(validating: "Domain-\(info.domid)") else { return nil }
        return VMConfig(
            name: name, uuid: info.uuid,
            memory: .kibibytes(info.currentMemkb), maxmem: .kibibytes(info.maxMemkb),
            vcpus: Self.vcpuCount(maxID: info.vcpuMaxId, online: info.vcpuOnline))
    }

    /// How many VCPUs a domain has, from `libxl_dominfo`. A domain Xen is still building (or has half torn
    /// down) reports `vcpu_max_id` as `UINT32_MAX`: taken at face value that is 2^32 VCPUs, and the record
    /// would ask for an array of that many affinity lists. Past Xen's own limit, the online count answers.
    static func vcpuCount(maxID: UInt32, online: UInt32) -> Int {
        maxID < maximumVCPUs ? Int(maxID) + 1 : max(Int(online), 1)
    }

    /// More VCPUs than Xen gives any domain (its `HVM_MAX_VCPUS` is 128; a PV guest's limit is lower).
    static let maximumVCPUs: UInt32 = 4096
}
