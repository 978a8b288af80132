import FoundationEssentials
public import Hypervisor
public import Logging
import Xenlight
public import XendModel

/// A real Xen host driven through libxl: the ``Hypervisor/Hypervisor`` protocol on the `Xenlight` bindings.
///
/// Each domain's xend config is kept with the domain in libxl's userdata under ``configKey`` (JSON of
/// `DomainConfig`), so records show what the client sent; domains made by other tools (xl) get a record
/// built from libxl's view. Operations not carried out yet throw
/// ``XendModel/XendError/notSupportedByLibxl(_:)``: see docs/libxl-backend.md.
public final class LibxlHypervisor: Hypervisor, Sendable {
    /// The libxl userdata key holding a domain's xend config.
    public static let configKey = "xend-config"

    let context: Context
    let logger: Logger
    /// The file `GET /xend/node/log` serves (`--daemon-log`).
    let daemonLogPath: String

    /// Opens a libxl context.
    /// - Parameter daemonLogPath: the daemon's log file, served by `GET /xend/node/log`.
    /// - Throws: an error naming libxl when there is no hypervisor to talk to (not dom0, or not root).
    public init(logger: Logger, daemonLogPath: String = "/var/log/xen/xend.log") throws(XendError) {
        self.daemonLogPath = daemonLogPath
        do {
            context = try Context(logger: Logger(label: "xenlight"))
        } catch {
            throw XendError(
                .operationFailed,
                "cannot open a libxl context (\(error)); the libxl backend needs root in a Xen dom0")
        }
        self.logger = logger
    }

    deinit { context.close() }

    /// Runs a libxl call, turning its failure into a xend error that names the call.
    func libxl<T>(_ what: String, _ body: () throws(XenlightError) -> T) throws(XendError) -> T {
        do {
            return try body()
        } catch {
            throw XendError(.operationFailed, "\(what) failed: \(error)")
        }
    }

    /// The live domain `domain`, or xend's "Domain is not running" when libxl does not know it.
    func liveInfo(_ domain: XendModel.DomainID) throws(XendError) -> DomInfo {
        do {
            return try context.domainInfo(Xenlight.DomainID(domain.rawValue))
        } catch {
            throw .noSuchDomain("\(domain.rawValue)")
        }
    }

    /// The xend config stored with a live domain, if this daemon (or an earlier run) created it.
    func storedConfig(of domain: Xenlight.DomainID) -> XendModel.DomainConfig? {
        guard let bytes = try? context.userData(key: Self.configKey, for: domain), !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(XendModel.DomainConfig.self, from: Data(bytes))
    }

    func store(_ config: XendModel.DomainConfig, for domain: Xenlight.DomainID) throws(XendError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(config)
        } catch {
            throw XendError(.operationFailed, "cannot encode the domain config: \(error)")
        }
        try libxl("libxl_userdata_store") { () throws(XenlightError) in
            try context.storeUserData(Array(data), key: Self.configKey, for: domain)
        }
    }

    /// Domain state changes are not watched yet: the stream ends at once, so subscribers see no events
    /// rather than invented ones.
    public func stateChanges() -> AsyncStream<DomainStateChange> {
        logger.warning("domain state change events are not supported by the libxl backend yet")
        return AsyncStream { $0.finish() }
    }
}
