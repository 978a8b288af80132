import Hypervisor
public import XendModel
import Xenlight

extension LibxlHypervisor {
    /// Brings vcpus `0..<count` online and the rest offline (`libxl_set_vcpuonline`).
    public func setVCPUCount(_ count: Int, for domain: DomainID) throws(XendError) {
        let info = try liveInfo(domain)
        let maximum = Int(info.vcpuMaxId) + 1
        guard count >= 1, count <= maximum else {
            throw XendError(.operationFailed, "Cannot set vcpus to \(count): the domain has \(maximum) at most")
        }
        let id = Domid(domain.rawValue)
        try libxl("libxl_set_vcpuonline") { () throws(XenlightError) in
            try context.setOnlineVCPUs(Bitmap(0..<count), in: id)
        }
    }

    /// Pins one vcpu, or every vcpu, with `libxl_set_vcpuaffinity` (hard affinity).
    public func pinVCPU(_ vcpu: Int?, to cpus: [Int], for domain: DomainID) throws(XendError) {
        let info = try liveInfo(domain)
        let id = Domid(domain.rawValue)
        let count = Int(info.vcpuMaxId) + 1
        let targets: [Int]
        if let vcpu {
            guard vcpu >= 0, vcpu < count else { throw XendError(.operationFailed, "Invalid VCPU \(vcpu)") }
            targets = [vcpu]
        } else {
            targets = Array(0..<count)
        }
        for target in targets {
            try libxl("libxl_set_vcpuaffinity") { () throws(XenlightError) in
                try context.setAffinity(of: UInt32(target), in: id, hard: Bitmap(cpus))
            }
        }
    }

    public func vcpuInfo(_ domain: DomainID) throws(XendError) -> VCPUInfoReply {
        let info = try liveInfo(domain)
        let id = Domid(domain.rawValue)
        let vcpus = try libxl("libxl_list_vcpu") { () throws(XenlightError) in try context.vcpus(of: id) }
        guard let record = record(of: info) else { throw .noSuchDomain("\(domain.rawValue)") }
        return VCPUInfoReply(
            domainID: domain, name: record.name, vcpuCount: vcpus.count,
            vcpus: vcpus.map { vcpu in
                VCPURecord(
                    number: Int(vcpu.vcpuid), isOnline: vcpu.online, isBlocked: vcpu.blocked,
                    isRunning: vcpu.running, cpuTime: .nanoseconds(vcpu.vcpuTime),
                    cpu: vcpu.online ? Int(vcpu.cpu) : -1, cpumap: vcpu.cpumap.indices)
            })
    }

    public func creditSchedulerParameters(_ domain: DomainID) throws(XendError) -> CreditSchedulerParameters {
        let parameters = try schedulerParameters(of: try liveID(domain), under: .credit)
        return try CreditSchedulerParameters(weight: Int(parameters.weight), cap: Int(parameters.cap))
    }

    public func setCreditSchedulerParameters(
        _ parameters: CreditSchedulerParameters, for domain: DomainID
    ) throws(XendError) {
        var libxlParameters = DomainSchedParams()
        libxlParameters.weight = Int32(clamping: parameters.weight)
        libxlParameters.cap = Int32(clamping: parameters.cap)
        try setSchedulerParameters(libxlParameters, of: try liveID(domain), under: .credit)
    }

    public func credit2SchedulerParameters(_ domain: DomainID) throws(XendError) -> Credit2SchedulerParameters {
        let parameters = try schedulerParameters(of: try liveID(domain), under: .credit2)
        return try Credit2SchedulerParameters(weight: Int(parameters.weight))
    }

    /// Sets the weight only: libxl leaves the cap (which Xen's credit2 has had since 4.10) as it is.
    public func setCredit2SchedulerParameters(
        _ parameters: Credit2SchedulerParameters, for domain: DomainID
    ) throws(XendError) {
        var libxlParameters = DomainSchedParams()
        libxlParameters.weight = Int32(clamping: parameters.weight)
        try setSchedulerParameters(libxlParameters, of: try liveID(domain), under: .credit2)
    }

    /// The domain's parameters, if its cpupool runs `scheduler`; otherwise the original's `EINVAL` text.
    private func schedulerParameters(of id: Domid, under scheduler: Scheduler) throws(XendError)
        -> DomainSchedParams
    {
        let parameters = try libxl("libxl_domain_sched_params_get") { () throws(XenlightError) in
            try context.schedulerParameters(of: id)
        }
        guard parameters.sched == scheduler else { throw .schedulerNotInUse }
        return parameters
    }

    private func setSchedulerParameters(_ parameters: DomainSchedParams, of id: Domid, under scheduler: Scheduler)
        throws(XendError)
    {
        _ = try schedulerParameters(of: id, under: scheduler)
        var parameters = parameters
        parameters.sched = scheduler
        try libxl("libxl_domain_sched_params_set") { () throws(XenlightError) in
            try context.setSchedulerParameters(parameters, for: id)
        }
    }
}
