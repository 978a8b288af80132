import XendModel

extension GuestStateMachine {
    /// The machine as `key value` pairs, for the host state store.
    var storedValues: [String: String] {
        var values: [String: String] = [
            "guest_paused": isPaused ? "1" : "0",
            "guest_has_run": hasRun ? "1" : "0",
            "guest_cpu_time": String(cpuTime),
            "guest_accounted_until": String(accountedUntil.secondsSinceEpoch),
            "guest_start_time": String(startTime.secondsSinceEpoch),
            "guest_online_vcpus": String(onlineVCPUs),
        ]
        if let shutdown {
            values["guest_shutdown_reason"] = shutdown.reason.rawValue
            values["guest_shutdown_at"] = String(shutdown.at.secondsSinceEpoch)
        }
        if let pendingRequest {
            values["guest_pending_reason"] = pendingRequest.reason.rawValue
            values["guest_pending_remaining"] = String(pendingRequest.remaining)
        }
        if let dyingSince { values["guest_dying_since"] = String(dyingSince.secondsSinceEpoch) }
        return values
    }

    /// Reads ``storedValues`` back. Time goes on from the stored `accountedUntil`: a guest kept running
    /// while the daemon was down, as it would on a real host.
    init(storedValues values: [String: String], load: Double) throws(XendError) {
        let stored = GuestValues(values)
        self.init(
            restoredAt: SimulationInstant(secondsSinceEpoch: try stored.number("guest_accounted_until")),
            startTime: SimulationInstant(secondsSinceEpoch: try stored.number("guest_start_time")),
            cpuTime: try stored.number("guest_cpu_time"), hasRun: values["guest_has_run"] == "1", load: load,
            onlineVCPUs: Int(try stored.integer("guest_online_vcpus")))
        isPaused = values["guest_paused"] == "1"
        if let reason = values["guest_shutdown_reason"] {
            guard let reason = GuestShutdownReason(rawValue: reason) else {
                throw XendError(.operationFailed, "bad guest_shutdown_reason \(reason)")
            }
            shutdown = (reason, SimulationInstant(secondsSinceEpoch: try stored.number("guest_shutdown_at")))
        }
        if let reason = values["guest_pending_reason"] {
            guard let reason = GuestShutdownReason(rawValue: reason) else {
                throw XendError(.operationFailed, "bad guest_pending_reason \(reason)")
            }
            pendingRequest = (reason, try stored.number("guest_pending_remaining"))
        }
        if values["guest_dying_since"] != nil {
            dyingSince = SimulationInstant(secondsSinceEpoch: try stored.number("guest_dying_since"))
        }
    }
}
