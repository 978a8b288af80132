import Hypervisor
import XendModel

extension SimulatedHypervisor {
    /// Migration as ``MigrationChannel`` describes it. The guest travels as its ``SaveImage`` followed by
    /// its memory: an 8-byte big-endian length (the memory target in bytes), then that many bytes of
    /// ``GuestMemoryStream`` page data, which the receiver regenerates and compares, so the time a
    /// migration takes is the time its bytes take (there is no pacing). Only two simulated hosts of this
    /// version speak this; a receiver that reads the save image alone does not. With nothing listening, it
    /// fails with xend's `can't connect: <strerror>` and the domain carries on.
    public func migrate(_ id: DomainID, to host: String, port: Int, live: Bool) throws(XendError) {
        try operateOnGuest(id, "migrate") { domain, now throws(XendError) in
            guard domain.state.withLock({ $0.guest.isExecuting }) else { throw .domainNotRunning }
            let channel = try configuration.relocationConnector.connect(
                to: host, port: port == 0 ? MigrationChannel.defaultPort : port)
            defer { channel.close() }
            try channel.request(secret: configuration.relocationSecret)
            let snapshot = domain.state.withLock { state in
                state.guest.stop(.suspend, at: now)
                state.shutdownHandled = true
                return state
            }
            log("Domain \(id) migrating to \(host) (\(live ? "live" : "stopped"))", at: now)
            do throws(XendError) {
                try channel.send(guestImage(of: snapshot).encoded())
                try GuestMemoryStream(uuid: snapshot.uuid.xendString, byteCount: snapshot.memoryTarget.inBytes)
                    .send(over: channel)
                try channel.expect(MigrationChannel.ready)
            } catch {
                domain.state.withLock { state in
                    state.guest.resumeFromSuspend(at: clock.now())
                    state.shutdownHandled = false
                }
                throw error
            }
            // The domain leaves this host before the receiver takes its name, uuid and memory, which a
            // receiver on this same host needs.
            remove(domain, at: clock.now())
            do throws(MigrationChannel.Refusal) {
                do throws(XendError) {
                    try channel.send(line: MigrationChannel.go)
                } catch {
                    throw .refused(error)
                }
                try channel.expectAnswer(MigrationChannel.done)
            } catch {
                switch error {
                case .refused(let error):
                    // The receiver does not run it: this host takes the guest back, under a new id.
                    takeBack(snapshot, running: true)
                    throw error
                case .unanswered(let error):
                    // The receiver may run it: keep it here, paused, for an operator to decide.
                    takeBack(snapshot, running: false)
                    logger.error(
                        "domain \(snapshot.name) left paused: no answer to go from \(host):\(port): \(error.message)")
                    throw .migrationUnanswered(error, host: host, port: port)
                }
            }
        }
    }

    /// Rebuilds a guest that left this host for a migration that failed after `go`, under a new id.
    private func takeBack(_ snapshot: SimulatedDomainState, running: Bool) {
        do throws(XendError) {
            let back = try buildRestored(
                try restoredState(from: guestImage(of: snapshot), at: clock.now()), paused: !running)
            log(
                "Domain \(snapshot.name) taken back \(running ? "" : "paused ")as domain \(back.id) after a failed migration",
                at: clock.now())
        } catch {
            logger.error("domain \(snapshot.name) lost after a failed migration: \(error.message)")
        }
    }

    /// The receiving side of ``migrate(_:to:port:live:)``, after the relocation server read `receive`.
    public func receiveMigration(over channel: MigrationChannel) throws(XendError) -> DomainRecord {
        settleDueDomains()
        let state: SimulatedDomainState
        do throws(XendError) {
            let limit = Int(configuration.host.totalMemory.inMebibytes) * SaveImage.memoryPatternBytesPerMiB
            state = try restoredState(from: try Self.readImage(from: channel, memoryImageLimit: limit), at: clock.now())
            guard state.memoryTarget <= configuration.host.totalMemory else {
                throw .migrationFailed(
                    "not a valid guest state: a memory target of \(state.memoryTarget.inKibibytes) KiB, more than this host has"
                )
            }
            // All of the memory before any refusal, so the sender is done writing and hears why.
            try GuestMemoryStream(uuid: state.uuid.xendString, byteCount: state.memoryTarget.inBytes)
                .receive(over: channel)
            // The domain holding the uuid is the sender itself (a migration to this host): it leaves on `go`.
            let conflict = table.withLock { table in
                table.conflict(name: state.name, uuid: state.uuid, ignoring: table.uuids[state.uuid])
            }
            if let conflict { throw conflict }
        } catch {
            channel.send(error: error.message)
            throw error
        }
        try channel.send(line: MigrationChannel.ready)
        try channel.expect(MigrationChannel.go)
        let domain: SimulatedDomain
        do throws(XendError) {
            domain = try buildRestored(state, paused: true)
        } catch {
            channel.send(error: error.message)
            throw error
        }
        // `done` before the guest runs: a sender that never hears it keeps its copy, so this one stays paused.
        do throws(XendError) {
            try channel.send(line: MigrationChannel.done)
        } catch {
            logger.error("domain \(state.name) (id \(domain.id)) left paused: cannot send done: \(error.message)")
            throw .migrationDoneUnsent(error, domain: state.name.rawValue)
        }
        try unpause(domain.id)
        log("Domain \(domain.id) (\(state.name)) received by migration", at: clock.now())
        return record(of: domain, at: clock.now())
    }

    /// Reads one ``SaveImage`` from the connection, part by part, refusing absurd lengths before reading
    /// them: a config or guest state over 16 MiB, a memory image larger than any guest of this host has.
    static func readImage(from channel: MigrationChannel, memoryImageLimit: Int) throws(XendError) -> SaveImage {
        func length(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { ($0 << 8) | UInt64($1) } }
        func bounded(_ bytes: [UInt8], _ limit: UInt64, _ part: String) throws(XendError) -> Int {
            let value = length(bytes)
            guard value <= limit else { throw .migrationFailed("not a valid guest state: \(part) of \(value) bytes") }
            return Int(value)
        }
        var bytes = try channel.read(SaveImage.magic.count + 4)
        guard Array(bytes.prefix(SaveImage.magic.count)) == SaveImage.magic else {
            throw .migrationFailed("not a valid guest state: not from the simulated host")
        }
        for (width, limit, part) in [
            (4, 16 << 20, "config"), (4, 16 << 20, "guest state"), (8, memoryImageLimit, "memory image"),
        ] {
            let field = try channel.read(width)
            bytes += field
            bytes += try channel.read(try bounded(field, UInt64(limit), part))
        }
        bytes += try channel.read(8)
        do throws(SaveImage.FormatError) {
            return try SaveImage(decoding: bytes)
        } catch {
            throw .migrationFailed(error.description)
        }
    }
}
