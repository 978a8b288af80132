public import XendModel
public import Xenlight

extension DomInfo {
    /// The runtime half of a domain record, from libxl's `libxl_dominfo`.
    ///
    /// State flags are Xen's, except `crashed`, which Xen reports as "shut down with reason crash";
    /// memory is libxl's KiB, cpu time its nanoseconds.
    public var runtimeInfo: DomainRuntimeInfo {
        var state: DomainStateFlags = []
        if running { state.insert(.running) }
        if blocked { state.insert(.blocked) }
        if paused { state.insert(.paused) }
        if dying { state.insert(.dying) }
        var reason: XendShutdownReason?
        if shutdown {
            reason = XendShutdownReason(xenCode: Int(shutdownReason.rawValue))
            state.insert(reason == .crash ? .crashed : .shutdown)
        }
        return DomainRuntimeInfo(
            domainID: DomainID(rawValue: domid),
            state: state,
            shutdownReason: reason,
            cpuTime: .nanoseconds(cpuTime),
            onlineVCPUs: Int(vcpuOnline),
            memoryTarget: .kibibytes(currentMemkb),
            maximumMemory: .kibibytes(maxMemkb)
        )
    }
}
