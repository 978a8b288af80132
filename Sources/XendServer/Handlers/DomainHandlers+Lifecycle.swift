import Hypervisor
import XendModel

extension DomainHandlers {
    /// pause, unpause, shutdown, destroy, reset, rename, sysrq, wait_for_devices, start, delete.
    static let lifecycleOperations: [DomainOperation: OpHandler<DomainHandlers>] = [
        .pause: OpHandler { handlers, _ throws(XendError) in
            try handlers.backend.pause(try handlers.liveID())
            return .none
        },
        .unpause: OpHandler { handlers, _ throws(XendError) in
            try handlers.backend.unpause(try handlers.liveID())
            return .none
        },
        .shutdown: OpHandler(202) { handlers, arguments throws(XendError) in
            let reason = try XendShutdownReason(shutdownOpReason: try arguments.direct(.reason))
            try handlers.backend.shutdown(try handlers.liveID(), reason: reason)
            return .none
        },
        .destroy: OpHandler(202) { handlers, _ throws(XendError) in
            try handlers.backend.destroy(try handlers.liveID())
            return .none
        },
        .reset: OpHandler(202) { handlers, _ throws(XendError) in
            try handlers.backend.reset(try handlers.liveID())
            return .none
        },
        .rename: OpHandler(202) { handlers, arguments throws(XendError) in
            let name = try DomainName(try arguments.direct(.name))
            try handlers.backend.rename(try handlers.liveID(), to: name)
            return .none
        },
        .sysrq: OpHandler(202) { handlers, arguments throws(XendError) in
            let key = try SysrqKey(parameter: try arguments.string(.key))
            try handlers.backend.sendSysrq(try handlers.liveID(), key: key.code)
            return .none
        },
        .waitForDevices: OpHandler(202) { handlers, _ throws(XendError) in
            try handlers.backend.waitForDevices(try handlers.liveID(), timeout: nil)
            return .none
        },
        // `paused` is ignored: the original compared the string to an integer, so it never held.
        .start: OpHandler(202) { handlers, _ throws(XendError) in
            _ = try handlers.backend.startDomain(handlers.record.uuid)
            return .none
        },
        .delete: OpHandler(202) { handlers, _ throws(XendError) in
            try handlers.backend.deleteDomain(handlers.record.uuid)
            return .none
        },
    ]
}
