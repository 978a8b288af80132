import SExpression
import XendModel

extension XendClient {
    /// The host's description: CPUs, memory, hypervisor version. `xend_get_node`; GET `/xend/node/`.
    /// - Throws: ``XendClientError``.
    public func node() async throws(XendClientError) -> NodeInfo {
        NodeInfo(record: try await nodeRecord())
    }

    /// The node record as the daemon sent it, every field kept. GET `/xend/node/`.
    /// - Throws: ``XendClientError``.
    public func nodeRecord() async throws(XendClientError) -> NodeRecord {
        try await fetch(.get("node", ""), as: NodeRecord.self)
    }

    /// Asks the host to power off. `xend_node_shutdown`; POST `/xend/node/` `op=shutdown`.
    /// - Throws: ``XendClientError``.
    public func shutdownNode() async throws(XendClientError) {
        _ = try await perform(.post(NodeOperation.shutdown, to: "node", ""))
    }

    /// Asks the host to reboot. `xend_node_restart`; POST `/xend/node/` `op=reboot`.
    /// - Throws: ``XendClientError``.
    public func restartNode() async throws(XendClientError) {
        _ = try await perform(.post(NodeOperation.reboot, to: "node", ""))
    }

    /// The hypervisor's console ring. `xend_dmesg`; GET `/xend/node/dmesg`.
    /// - Throws: ``XendClientError``.
    public func dmesg() async throws(XendClientError) -> String {
        try await perform(.get("node", "dmesg")).text
    }

    /// Empties the hypervisor's console ring. `xend_dmesg_clear`; POST `/xend/node/dmesg` `op=clear`.
    /// - Throws: ``XendClientError``.
    public func clearDmesg() async throws(XendClientError) {
        _ = try await perform(.post(DmesgOperation.clear, to: "node", "dmesg"))
    }

    /// The daemon's own log. `xend_log`; GET `/xend/node/log`.
    /// - Throws: ``XendClientError``.
    public func log() async throws(XendClientError) -> String {
        try await perform(.get("node", "log")).text
    }
}
