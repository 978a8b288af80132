import FoundationEssentials
import Hypervisor
import Xenlight
public import XendModel

extension LibxlHypervisor {
    public func domainRecords() throws(XendError) -> [DomainRecord] {
        let infos = try libxl("libxl_list_domain") { () throws(XenlightError) in try context.domains() }
        return infos.compactMap { info in
            let record = record(of: info)
            if record == nil { logger.warning("domain \(info.domid) has no valid name; left out of the list") }
            return record
        }
    }

    public func domainNames(_ filter: DomainStateFilter) throws(XendError) -> [DomainName] {
        try domainRecords().filter { filter.includes($0.effectiveStatus) }.map(\.name).sorted()
    }

    /// A live domain by name, domain id or uuid (there are no managed domains yet).
    public func domain(matching reference: String) throws(XendError) -> DomainRecord {
        let records = try domainRecords()
        if let found = records.first(where: { $0.name.rawValue == reference }) { return found }
        if let id = UInt32(reference), let found = records.first(where: { $0.domainID?.rawValue == id }) { return found }
        if let uuid = UUID(uuidString: reference), let found = records.first(where: { $0.uuid == uuid }) {
            return found
        }
        throw .noSuchDomain(reference)
    }

    /// The record of a live domain: its stored xend config (or one built from libxl's view) with libxl's state.
    func record(of info: DomInfo) -> DomainRecord? {
        let id = Xenlight.DomainID(info.domid)
        guard var config = storedConfig(of: id) ?? fallbackConfig(of: info) else { return nil }
        config.uuid = info.uuid
        if let name = context.name(of: id), let valid = DomainName(validating: name) { config.name = valid }
        return DomainRecord(config: config, runtime: info.runtimeInfo)
    }

    /// What a record shows for a domain this daemon did not create (dom0, xl's guests): name and sizes only.
    func fallbackConfig(of info: DomInfo) -> XendModel.DomainConfig? {
        let libxlName = context.name(of: Xenlight.DomainID(info.domid)).flatMap(DomainName.init(validating:))
        guard let name = libxlName ?? DomainName(validating: "Domain-\(info.domid)") else { return nil }
        return XendModel.DomainConfig(
            name: name, uuid: info.uuid,
            memory: .kibibytes(info.currentMemkb), maxmem: .kibibytes(info.maxMemkb),
            vcpus: Int(info.vcpuMaxId) + 1)
    }
}
