import Hypervisor
import XendModel

extension GuestStateMachine {
    /// The machine as `key value` pairs, for the host state store.
    var storedValues: [String: String] {
        var values: [String: String] = [
            "guest_paused": isPaused ? "1" : "0",
            "guest_has_run": hasRun ? "1" : "0",
            "guest_cpu_time": String(cpuTime),
            "guest_accounted_until_ns": String(accountedUntil.nanosecondsSinceEpoch),
            "guest_start_time_ns": String(startTime.nanosecondsSinceEpoch),
            "guest_online_vcpus": String(onlineVCPUs),
        ]
        if let shutdown {
            values["guest_shutdown_reason"] = shutdown.reason.rawValue
            values["guest_shutdown_at_ns"] = String(shutdown.at.nanosecondsSinceEpoch)
        }
        if let pendingRequest {
            values["guest_pending_reason"] = pendingRequest.reason.rawValue
            values["guest_pending_remaining"] = String(pendingRequest.remaining)
        }
        if let dyingSince { values["guest_dying_since_ns"] = String(dyingSince.nanosecondsSinceEpoch) }
        return values
    }

    /// Reads ``storedValues`` back. Time goes on from the stored `accountedUntil`: a guest kept running
    /// while the daemon was down, as it would on a real host.
    init(storedValues values: [String: String], load: Double) throws(XendError) {
        let stored = GuestValues(values)
        self.init(
            restoredAt: try stored.instant("guest_accounted_until_ns"),
            startTime: try stored.instant("guest_start_time_ns"),
            cpuTime: try stored.number("guest_cpu_time"), hasRun: values["guest_has_run"] == "1", load: load,
            onlineVCPUs: Int(try stored.integer("guest_online_vcpus")))
        isPaused = values["guest_paused"] == "1"
        if let reason = values["guest_shutdown_reason"] {
            guard let reason = GuestShutdownReason(rawValue: reason) else {
                throw XendError(.operationFailed, "bad guest_shutdown_reason \(reason)")
            }
            shutdown = (reason, try stored.instant("guest_shutdown_at_ns"))
        }
        if let reason = values["guest_pending_reason"] {
            guard let reason = GuestShutdownReason(rawValue: reason) else {
                throw XendError(.operationFailed, "bad guest_pending_reason \(reason)")
            }
            pendingRequest = (reason, try stored.number("guest_pending_remaining"))
        }
        if values["guest_dying_since_ns"] != nil {
            dyingSince = try stored.instant("guest_dying_since_ns")
        }
    }
}
