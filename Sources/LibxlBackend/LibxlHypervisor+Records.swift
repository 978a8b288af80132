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
        let infos = try libxl("libxl_list_domain") { () throws(XenlightError) in try context.domains() }
        storedConfigs.keepOnly(Set(infos.map(\.domid)))
        let live = infos.compactMap { info in
            let record = record(of: info)
            if record == nil { logger.warning("domain \(info.domid) has no valid name; left out of the list") }
            return record
        }
        guard includingInactive else { return live }
        return live + inactiveManagedRecords(excluding: Set(live.map(\.uuid)))
    }

    public func domainNames(_ filter: DomainStateFilter) throws(XendError) -> [DomainName] {
        try domainRecords().filter { filter.includes($0.effectiveStatus) }.map(\.name).sorted()
    }

    /// A domain as xend finds `<dom>` in a path: live name, managed name, domain id, live uuid, managed uuid.
    public func domain(matching reference: String) throws(XendError) -> DomainRecord {
        let live = try domainRecords(includingInactive: false)
        let inactive = inactiveManagedRecords(excluding: Set(live.map(\.uuid)))
        if let found = live.first(where: { $0.name.rawValue == reference }) { return found }
        if let found = inactive.first(where: { $0.name.rawValue == reference }) { return found }
        if let id = UInt32(reference), let found = live.first(where: { $0.domainID?.rawValue == id }) { return found }
        if let uuid = UUID(xendString: reference) {
            if let found = live.first(where: { $0.uuid == uuid }) { return found }
            if let found = inactive.first(where: { $0.uuid == uuid }) { return found }
        }
        throw .noSuchDomain(reference)
    }

    /// The record of a live domain: its stored xend config (or one built from libxl's view) with libxl's state.
    func record(of info: DomInfo) -> DomainRecord? {
        let id = Domid(info.domid)
        let stored = storedConfigs.config(of: info.domid, handle: info.uuid) { storedConfig(of: id) }
        guard var config = stored ?? fallbackConfig(of: info) else { return nil }
        config.uuid = effectiveUUID(of: info, stored: config.uuid)
        if let name = context.name(of: id), let valid = DomainName(validating: name) { config.name = valid }
        return DomainRecord(config: config, runtime: info.runtimeInfo)
    }

    /// The domain's uuid as xend shows it: Xen's handle, except for a domain kept by rename-restart, whose
    /// new uuid lives in its stored config and xenstore (`libxl_domain_preserve` leaves Xen's handle alone).
    func effectiveUUID(of info: DomInfo, stored: UUID?) -> UUID {
        guard info.shutdown || info.dying, let stored, isMarkedHandled(Domid(info.domid)) else {
            return info.uuid
        }
        return stored
    }

    /// What a record shows for a domain this daemon did not create (dom0, xl's guests): name and sizes only.
    func fallbackConfig(of info: DomInfo) -> VMConfig? {
        let libxlName = context.name(of: Domid(info.domid)).flatMap(DomainName.init(validating:))
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
