import SExpression
import XendModel

extension XendClient {
    /// Creates and builds a domain, leaving it **paused** while its devices connect. Follow with
    /// ``waitForDevices(_:)`` and ``unpause(_:)``, as libvirt and `xm create` did.
    /// `xend_create`; POST `/xend/domain/` `op=create&config=(vm …)`.
    /// - Parameter config: The domain's configuration.
    /// - Returns: The new domain's record.
    /// - Throws: ``XendClientError`` with the daemon's message (`Error creating domain: …`).
    public func create(_ config: VMConfig) async throws(XendClientError) -> DomainInfo {
        let request = XendRequest.post(
            DomainCollectionOperation.create, to: "domain", "", fields: [(.config, config.toSExpression().description)])
        return try await domainInfo(replyTo: request)
    }

    /// Defines a managed domain without starting it. POST `/xend/domain/` `op=new&config=(vm …)`.
    /// - Throws: ``XendClientError``.
    public func define(_ config: VMConfig) async throws(XendClientError) {
        _ = try await perform(
            .post(
                DomainCollectionOperation.new, to: "domain", "", fields: [(.config, config.toSExpression().description)]
            ))
    }

    /// Starts a defined domain. POST `/xend/domain/<dom>` `op=start`.
    /// - Throws: ``XendClientError``.
    public func start(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.start, on: domain))
    }

    /// Removes a defined domain that is not running. POST `/xend/domain/<dom>` `op=delete`.
    /// - Throws: ``XendClientError``.
    public func delete(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.delete, on: domain))
    }

    /// Waits until every device of a new domain is connected. `xend_wait_for_devices`;
    /// POST `/xend/domain/<dom>` `op=wait_for_devices`.
    /// - Throws: ``XendClientError``.
    public func waitForDevices(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.waitForDevices, on: domain))
    }

    /// Pauses a domain. `xend_pause`; POST `/xend/domain/<dom>` `op=pause`.
    /// - Throws: ``XendClientError``.
    public func pause(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.pause, on: domain))
    }

    /// Resumes a paused domain. `xend_unpause`; POST `/xend/domain/<dom>` `op=unpause`.
    /// - Throws: ``XendClientError``.
    public func unpause(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.unpause, on: domain))
    }

    /// Renames a domain. `xend_rename`; POST `/xend/domain/<dom>` `op=rename&name=<new>`.
    /// - Throws: ``XendClientError``.
    public func rename(_ domain: DomainReference, to name: DomainName) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.rename, on: domain, [(.name, name.rawValue)]))
    }

    /// Sends a magic SysRq key to the guest kernel. `xend_sysrq`; POST `/xend/domain/<dom>`
    /// `op=sysrq&key=<decimal ASCII code>` (so `s` is sent as `115`).
    /// - Throws: ``XendClientError/Kind/invalidArgument`` for a key that is not one ASCII character.
    public func sendSysrq(_ key: Character, to domain: DomainReference) async throws(XendClientError) {
        guard let code = key.asciiValue, key.isLetter || key.isNumber || key.isPunctuation || key.isSymbol else {
            throw .invalidArgument("a SysRq key is one printable ASCII character, not '\(key)'")
        }
        _ = try await perform(.domainOperation(.sysrq, on: domain, [(.key, String(code))]))
    }

    /// Asks the guest to shut down. `xend_shutdown`; POST `/xend/domain/<dom>` `op=shutdown&reason=poweroff`.
    /// - Parameters:
    ///   - domain: The domain.
    ///   - reason: `poweroff` (libvirt's choice), `halt`, `reboot`, `suspend` or `crash`.
    /// - Throws: ``XendClientError``.
    public func shutdown(_ domain: DomainReference, reason: XendShutdownReason = .powerOff)
        async throws(XendClientError)
    {
        guard XendShutdownReason.shutdownOpReasons.contains(reason) else {
            throw .invalidArgument("xend cannot request a shutdown for reason '\(reason.rawValue)'")
        }
        _ = try await perform(.domainOperation(.shutdown, on: domain, [(.reason, reason.rawValue)]))
    }

    /// Asks the guest to reboot. `xend_reboot`; POST `/xend/domain/<dom>` `op=shutdown&reason=reboot`.
    /// - Throws: ``XendClientError``.
    public func reboot(_ domain: DomainReference) async throws(XendClientError) {
        try await shutdown(domain, reason: .reboot)
    }

    /// Stops a domain at once. `xend_destroy`; POST `/xend/domain/<dom>` `op=destroy`.
    /// - Throws: ``XendClientError``.
    public func destroy(_ domain: DomainReference) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.destroy, on: domain))
    }

    /// Saves a domain's memory to a file **on the daemon's host**, then destroys it. Answers when done.
    /// `xend_save`; POST `/xend/domain/<dom>` `op=save&file=<path>`.
    /// - Throws: ``XendClientError`` (`can't write guest state file …`).
    public func save(_ domain: DomainReference, to path: String) async throws(XendClientError) {
        _ = try await perform(.domainOperation(.save, on: domain, [(.file, path)]))
    }

    /// Restores a domain from a save file on the daemon's host. `xend_restore`;
    /// POST `/xend/domain/` `op=restore&file=<path>`.
    /// - Returns: The restored domain.
    /// - Throws: ``XendClientError`` (`can't read guest state file …`).
    public func restore(from path: String) async throws(XendClientError) -> DomainInfo {
        try await domainInfo(
            replyTo: .post(DomainCollectionOperation.restore, to: "domain", "", fields: [(.file, path)]))
    }

    /// Writes a core dump of a domain to a file on the daemon's host.
    /// POST `/xend/domain/<dom>` `op=dump&file=<path>&live=0|1&crash=0|1`.
    /// - Parameters:
    ///   - live: Keep the domain running while dumping.
    ///   - crash: Leave the domain crashed (destroyed) afterwards.
    /// - Throws: ``XendClientError``.
    public func dumpCore(
        _ domain: DomainReference, to path: String, live: Bool = false, crash: Bool = false
    ) async throws(XendClientError) {
        let fields: [(RequestParameter, String)] = [
            (.file, path), (.live, live ? "1" : "0"), (.crash, crash ? "1" : "0"), (.reset, "0"),
        ]
        _ = try await perform(.domainOperation(.dump, on: domain, fields))
    }

    /// Moves a domain to another host's relocation server, with the union of parameters libvirt sent
    /// so every daemon version finds what it needs. POST `/xend/domain/<dom>` `op=migrate&destination=…`.
    /// - Parameters:
    ///   - destination: The receiving host.
    ///   - port: Its relocation port; 0 uses the daemon's configured one.
    ///   - live: Migrate while the domain keeps running.
    /// - Throws: ``XendClientError``.
    public func migrate(
        _ domain: DomainReference, to destination: String, port: Int = 0, live: Bool = false
    ) async throws(XendClientError) {
        let fields: [(RequestParameter, String)] = [
            (.destination, destination), (.live, live ? "1" : "0"), (.port, String(port)), (.node, "-1"),
            (.ssl, "0"), (.changeHomeServer, "0"), (.resource, "0"),
        ]
        _ = try await perform(.domainOperation(.migrate, on: domain, fields))
    }

    /// Sends a request whose reply body is a domain record (create, restore).
    private func domainInfo(replyTo request: XendRequest) async throws(XendClientError) -> DomainInfo {
        DomainInfo(record: try await fetch(request, as: DomainRecord.self))
    }
}
