import Foundation
import SExpression
import XendModel

extension XendClient {
    /// The names of the running domains (running or blocked, as xend 3.0.4 and later list them).
    /// `xend_get_domains`; GET `/xend/domain`.
    /// - Throws: ``XendClientError``.
    public func domains() async throws(XendClientError) -> [DomainName] {
        try await names(.get("domain"))
    }

    /// The names of the domains in a state (`.all`, `.status(.paused)`). GET `/xend/domain?state=<s>`.
    /// - Throws: ``XendClientError``.
    public func domains(in filter: DomainStateFilter) async throws(XendClientError) -> [DomainName] {
        let state: String
        switch filter {
        case .all: state = "all"
        case .status(let status): state = status.name
        }
        return try await names(.get("domain", query: [(.state, state)]))
    }

    /// The names of the defined (managed) domains that are not running, as libvirt's
    /// `ListDefinedDomains` asked for them. GET `/xend/domain?state=halted`.
    /// - Throws: ``XendClientError``.
    public func definedDomains() async throws(XendClientError) -> [DomainName] {
        try await domains(in: .status(.halted))
    }

    /// The full records of the running domains. GET `/xend/domain?detail=1`.
    /// - Throws: ``XendClientError``.
    public func domainRecords() async throws(XendClientError) -> [DomainRecord] {
        let expression = try await fetch(.get("domain", query: [(.detail, "1")]))
        guard let list = expression.listValue else { throw .invalidResponse("expected a list of domain records") }
        var records: [DomainRecord] = []
        for element in list {
            records.append(try Self.decode(element, as: DomainRecord.self))
        }
        return records
    }

    /// One domain's live information, memory in bytes. `xend_get_domain`;
    /// GET `/xend/domain/<dom>?detail=1`.
    /// - Parameter domain: The domain, by name, id or UUID.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/noSuchDomain`` when the daemon has none.
    public func domain(_ domain: DomainReference) async throws(XendClientError) -> DomainInfo {
        DomainInfo(record: try await record(of: domain))
    }

    /// A domain by name, as libvirt's `virDomainLookupByName`.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/noSuchDomain`` when there is none.
    public func domain(named name: DomainName) async throws(XendClientError) -> DomainInfo {
        try await domain(.name(name))
    }

    /// A running domain by id, as libvirt's `virDomainLookupByID`.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/noSuchDomain`` when there is none.
    public func domain(id: DomainID) async throws(XendClientError) -> DomainInfo {
        try await domain(.id(id))
    }

    /// A domain by UUID, as libvirt's `virDomainLookupByUUID`.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/noSuchDomain`` when there is none.
    public func domain(uuid: UUID) async throws(XendClientError) -> DomainInfo {
        try await domain(.uuid(uuid))
    }

    /// The domain record as the daemon sent it, config and devices included.
    /// GET `/xend/domain/<dom>?detail=1`.
    /// - Throws: ``XendClientError``; ``XendClientError/Kind/noSuchDomain`` when there is none.
    public func record(of domain: DomainReference) async throws(XendClientError) -> DomainRecord {
        let request = XendRequest.get(
            "domain", domain.pathSegment, query: [(.detail, "1")], domain: domain.pathSegment)
        return try await fetch(request, as: DomainRecord.self)
    }

    /// The state of each virtual CPU. GET `/xend/domain/<dom>?op=vcpuinfo`.
    /// - Throws: ``XendClientError``.
    public func vcpuInfo(_ domain: DomainReference) async throws(XendClientError) -> VCPUInfoReply {
        let request = XendRequest.get(
            "domain", domain.pathSegment, query: [(.op, DomainOperation.vcpuInfo.rawValue)], domain: domain.pathSegment)
        return try await fetch(request, as: VCPUInfoReply.self)
    }

    /// The credit scheduler's weight and cap, read from the record's `cpu_weight` and `cpu_cap` as libvirt
    /// did (the daemon's `domain_sched_credit_get` answers a Python dict text instead).
    /// - Throws: ``XendClientError``.
    public func creditSchedulerParameters(_ domain: DomainReference) async throws(XendClientError)
        -> CreditSchedulerParameters
    {
        let record = try await record(of: domain)
        return try Self.modelValue { () throws(XendError) in
            try CreditSchedulerParameters(weight: record.cpuWeight, cap: record.cpuCap)
        }
    }

    private func names(_ request: XendRequest) async throws(XendClientError) -> [DomainName] {
        let expression = try await fetch(request)
        guard let list = expression.listValue else { throw .invalidResponse("expected a list of names") }
        var names: [DomainName] = []
        for element in list {
            guard let text = element.atomValue else { continue }
            guard let name = DomainName(validating: text) else { throw .invalidResponse("bad domain name '\(text)'") }
            names.append(name)
        }
        return names
    }
}
