import Hypervisor
import Prometheus
import XendModel

/// The host and its domains as metrics, read from the backend when `GET /metrics` asks, into a fresh
/// registry each time: a domain that is gone leaves no stale series behind.
struct HostMetrics {
    let backend: any Hypervisor

    /// The exposition text: build information, host memory, then one set of series per domain.
    /// - Throws: the backend's error when it cannot list the host or its domains.
    func exposition() throws(XendError) -> String {
        let node = try backend.nodeRecord()
        let domains = try backend.domainRecords()
        let registry = PrometheusCollectorRegistry()
        registry.makeGauge(descriptor: Self.buildInfo, labels: [("version", XendBuild.version)]).set(to: 1)
        registry.makeGauge(descriptor: Self.hostTotal).set(to: Self.bytes(node.totalMemory))
        registry.makeGauge(descriptor: Self.hostFree).set(to: Self.bytes(node.freeMemory))
        for domain in domains { record(domain, in: registry) }
        return registry.emitToString()
    }

    private func record(_ domain: DomainRecord, in registry: PrometheusCollectorRegistry) {
        // An inactive managed domain has no id; its series carry id="" (Prometheus reads that as no id).
        let labels = [("name", domain.name.rawValue), ("id", domain.domainID.map { String($0.rawValue) } ?? "")]
        registry.makeGauge(descriptor: Self.memory, labels: labels).set(to: Self.bytes(domain.memory))
        registry.makeGauge(descriptor: Self.maximumMemory, labels: labels).set(to: Self.bytes(domain.maxmem))
        registry.makeGauge(descriptor: Self.vcpus, labels: labels).set(to: Double(domain.onlineVCPUs ?? domain.vcpus))
        registry.makeCounter(descriptor: Self.cpuSeconds, labels: labels).increment(by: domain.cpuTime?.value ?? 0)
        let current = domain.status ?? (domain.domainID == nil ? .halted : .unknown)
        for status in DomainStatus.allCases {
            registry.makeGauge(descriptor: Self.state, labels: labels + [("state", status.name)])
                .set(to: status == current ? 1 : 0)
        }
    }

    private static func bytes(_ memory: Memory) -> Double {
        Double(memory.inKibibytes) * 1024
    }

    // Descriptors are not Sendable, so each use makes its own.
    private static func xend(_ subsystem: String?, _ name: String, _ unit: String, _ help: String)
        -> MetricNameDescriptor
    {
        MetricNameDescriptor(namespace: "xend", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
    }

    static var buildInfo: MetricNameDescriptor {
        xend(nil, "build", "info", "Always 1; the version label says which xend this is.")
    }
    static var hostTotal: MetricNameDescriptor { xend("host", "memory_total", "bytes", "The host's physical memory.") }
    static var hostFree: MetricNameDescriptor { xend("host", "memory_free", "bytes", "Host memory no domain holds.") }
    static var memory: MetricNameDescriptor { xend("domain", "memory", "bytes", "The domain's memory target.") }
    static var maximumMemory: MetricNameDescriptor {
        xend("domain", "memory_max", "bytes", "The most memory the domain may have.")
    }
    static var vcpus: MetricNameDescriptor { xend("domain", "vcpus", "", "The domain's online VCPUs.") }
    static var cpuSeconds: MetricNameDescriptor {
        xend("domain", "cpu_seconds", "total", "CPU time used by all the domain's VCPUs.")
    }
    static var state: MetricNameDescriptor {
        xend("domain", "state", "", "1 for the domain's power state as xend names it, 0 for the others.")
    }
}
