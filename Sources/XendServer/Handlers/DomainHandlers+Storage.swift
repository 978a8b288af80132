import Hypervisor
import XendModel

extension DomainHandlers {
    /// save, dump and migrate: the original ran them on a helper thread; a failure is a 500 with
    /// `(xend.err ...)` in the body (`RouteOutcome.deferredFailure`). Paths outside the save
    /// directory are refused with 403.
    static let storageOperations: [DomainOperation: OpHandler<DomainHandlers>] = [
        .save: OpHandler(202, deferred: true) { handlers, arguments throws(XendError) in
            let path = try handlers.router.savePaths.resolve(try arguments.direct(.file), forReading: false)
            try handlers.backend.save(try handlers.liveID(), to: path)
            return .none
        },
        .dump: OpHandler(202, deferred: true) { handlers, arguments throws(XendError) in
            let file = try arguments.string(.file)
            let live = try arguments.int(.live)
            let crash = try arguments.int(.crash)
            let reset = try arguments.int(.reset, default: 0)  // 4.x only; libvirt never sent it
            let path = try handlers.router.savePaths.resolve(file, forReading: false)
            try handlers.backend.dumpCore(
                try handlers.liveID(), to: path, live: live != 0, crash: crash != 0, reset: reset != 0)
            return .none
        },
        .migrate: OpHandler(200, deferred: true) { handlers, arguments throws(XendError) in
            try handlers.migrate(arguments)
        },
    ]

    /// op=migrate: the backend connects to the destination's relocation server and sends the domain,
    /// which then leaves this host; an unreachable destination gives the original's
    /// `can't connect: <reason>`. `port=0` means the configured `xend-relocation-port`. xm 3.0.x sent
    /// only destination, live and resource, so the later parameters default to what it meant.
    func migrate(_ arguments: OpArguments) throws(XendError) -> HandlerReply {
        let destination = try arguments.string(.destination)
        let live = try arguments.int(.live)
        let requestedPort = try arguments.int(.port, default: 0)
        _ = try arguments.int(.node, default: -1)
        _ = try arguments.int(.ssl, default: 0)
        _ = try arguments.bool(.changeHomeServer, default: false)
        let port = requestedPort == 0 ? router.settings.relocationPort : requestedPort
        try backend.migrate(try liveID(), to: destination, port: port, live: live != 0)
        return .none
    }
}
