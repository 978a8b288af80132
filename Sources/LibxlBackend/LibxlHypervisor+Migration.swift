import Hypervisor
public import XendModel
import Xenlight

/// `op=migrate` and the relocation server's side of it, over a ``MigrationChannel``: a ``LibxlSaveHeader``
/// with both configs, then libxl's own stream (`libxl_domain_suspend` into the socket, which
/// `libxl_domain_create_restore` reads on the other end), as `xl migrate` does it.
///
/// Names, for a migration to this same host (xl's too): the incoming domain is built as `<name>--incoming`
/// while the name is taken; on `ready` the sender renames its own copy `<name>--migratedaway`, and on `go`
/// the receiver takes the real name.
extension LibxlHypervisor {
    static let incomingSuffix = "--incoming"
    static let migratedAwaySuffix = "--migratedaway"

    public func migrate(_ domain: DomainID, to host: String, port: Int, live: Bool) throws(XendError) {
        let id = try liveID(domain)
        try refuseControlDomain(id, "migrate")
        let info = try liveInfo(domain)
        guard !info.dying, !info.shutdown else { throw .domainNotRunning }
        let config = try xendConfig(of: id, info: info)
        let name = config.name.rawValue
        let header = try saveHeader(of: id, config: config)
        let channel = try configuration.relocationConnector.connect(
            to: host, port: port == 0 ? MigrationChannel.defaultPort : port)
        defer { channel.close() }
        logger.info("domain \(name) (id \(id.rawValue)) migrating to \(host):\(port) (\(live ? "live" : "stopped"))")
        try channel.request(secret: configuration.relocationSecret)
        try channel.send(header.encoded())
        do {
            try context.suspend(id, to: channel.descriptor, live: live)
        } catch {
            resumeAfterFailedSave(id)
            throw .migrationFailed("libxl_domain_suspend failed: \(error)")
        }
        do throws(XendError) {
            try channel.expect(MigrationChannel.ready)
        } catch {
            resumeAfterFailedSave(id)
            throw error
        }
        let awayName = name + Self.migratedAwaySuffix
        do throws(MigrationChannel.Refusal) {
            do throws(XendError) {
                try libxl("libxl_domain_rename") { () throws(XenlightError) in try rename(id, to: awayName) }
                try channel.send(line: MigrationChannel.go)
            } catch {
                throw .refused(error)
            }
            try channel.expectAnswer(MigrationChannel.done)
        } catch {
            // Back under its own name where that is free (otherwise it stays `<name>--migratedaway`).
            if context.name(of: id) == awayName { try? rename(id, to: name) }
            switch error {
            case .refused(let error):
                // The receiver does not run the guest: it runs on here.
                resumeAfterFailedSave(id)
                throw error
            case .unanswered(let error):
                // The receiver may run it: this copy stays suspended, not resumed, for an operator to decide.
                logger.error(
                    "domain \(name) (id \(id.rawValue)) left paused: no answer to go from \(host):\(port): \(error.message)"
                )
                throw .migrationUnanswered(error, host: host, port: port)
            }
        }
        try libxl("libxl_domain_destroy") { () throws(XenlightError) in try context.destroy(id) }
        logger.info("domain \(name) migrated to \(host)")
    }

    /// Builds the incoming domain paused (`libxl_domain_create_restore` from the socket), and lets it run
    /// once the sender has given it up. On any error before `done` the incoming copy is destroyed and the sender
    /// told why; if `done` cannot be sent the copy is left paused.
    public func receiveMigration(over channel: MigrationChannel) throws(XendError) -> DomainRecord {
        let config: VMConfig
        var incoming: DomainConfig
        let nameIsTaken: Bool
        do throws(XendError) {
            (config, incoming) = try Self.readHeader { (count: Int) throws(XendError) in try channel.read(count) }
            // The same uuid under the name is the sender itself (a migration to this host): it renames
            // itself away on `go`. Any other holder keeps the name, so refuse before the stream is read.
            let uuid = incoming.cInfo.uuid
            nameIsTaken = try refuseTakenName(config.name) { currentInfo($0)?.uuid == uuid } != nil
        } catch {
            channel.send(error: error.message)
            throw error
        }
        let name = config.name.rawValue
        if nameIsTaken { incoming.cInfo.name = name + Self.incomingSuffix }
        let id: Domid
        do {
            id = try context.createDomain(incoming, restoringFrom: channel.descriptor)
        } catch {
            let failure = XendError.migrationFailed("libxl_domain_create_restore failed: \(error)")
            channel.send(error: failure.message)
            throw failure
        }
        do throws(XendError) {
            try channel.send(line: MigrationChannel.ready)
            try channel.expect(MigrationChannel.go)
            if nameIsTaken {
                try libxl("libxl_domain_rename") { () throws(XenlightError) in try rename(id, to: name) }
            }
            try adopt(id, config)
        } catch {
            channel.send(error: error.message)
            watcher.unwatch(id)
            try? context.destroy(id)
            throw error
        }
        // `done` before the guest runs: a sender that never hears it may resume its copy, so this one stays
        // paused (not destroyed: the sender may have given its copy up too; an operator decides).
        do throws(XendError) {
            try channel.send(line: MigrationChannel.done)
        } catch {
            logger.error("domain \(name) (id \(id.rawValue)) left paused: cannot send done: \(error.message)")
            throw .migrationDoneUnsent(error, domain: name)
        }
        try libxl("libxl_domain_unpause") { () throws(XenlightError) in try context.unpause(id) }
        announce(id, .unpaused)
        logger.info("domain \(name) received by migration (id \(id.rawValue))")
        guard let record = record(of: try liveInfo(DomainID(id.rawValue))) else {
            throw XendError(.operationFailed, "received domain has no name")
        }
        return record
    }
}
