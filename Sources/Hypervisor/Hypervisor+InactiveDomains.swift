public import XendModel

extension Hypervisor {
    /// `op=vcpuinfo` for an inactive managed domain, as the last xend answered it: every vcpu offline with
    /// zero cpu time and `cpu -1`; the cpumap is the configured pinning, or cpus 0–63 when unpinned.
    /// Live domains go to ``vcpuInfo(_:)``.
    public func inactiveVCPUInfo(for record: DomainRecord) -> VCPUInfoReply {
        let vcpus = (0..<max(record.vcpus, 0)).map { index in
            let pinned = index < record.cpus.count ? record.cpus[index] : []
            return VCPURecord(
                number: index, isOnline: false, isBlocked: false, isRunning: false, cpuTime: .zero, cpu: -1,
                cpumap: pinned.isEmpty ? Array(0..<64) : pinned)
        }
        return VCPUInfoReply(domainID: nil, name: record.name, vcpuCount: record.vcpus, vcpus: vcpus)
    }
}
