import ArgumentParser
import Hypervisor
import Logging
import XendServer

/// The xend daemon: serves the xend HTTP/S-expression protocol on a Unix socket and TCP, on a Xen host
/// through libxl or on the simulated host.
@main
struct Xend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xend",
        abstract: "The xend-compatible Xen management daemon.",
        discussion: """
            Reads /etc/xen/xend-config.sxp (or --config, or $XEND_CONFIG) when present; flags override it.
            Serves the Unix socket and TCP on loopback by default, or the sockets systemd passes (LISTEN_FDS).
            Stops gracefully on SIGTERM or SIGINT: requests in flight finish first.
            """,
        version: XendBuild.version
    )

    @OptionGroup var options: XendOptions

    /// Runs the daemon. Everyday command lines skip swift-argument-parser (``PlainCommandLine``); every
    /// other one, and whatever they print or exit with, goes through it as before.
    static func main() {
        guard let options = PlainCommandLine.options(Array(CommandLine.arguments.dropFirst())) else {
            main(nil)
            return
        }
        var command = Xend()
        command.options = options
        do {
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    func run() throws {
        let logLevel = options.logLevel.level
        let log = DaemonLog(filePath: options.daemonLog)
        LoggingSystem.bootstrap { label in
            var handler = DaemonLogHandler(label: label, destination: log)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "xend")
        if let problem = log.fileProblem { logger.warning("\(problem); its lines stay in memory only") }
        let configuration: XendConfiguration
        do {
            configuration = try options.configuration()
        } catch {
            logger.critical("\(error)")
            throw ExitCode(2)
        }
        for note in configuration.notes { logger.notice("\(note)") }
        if let warning = configuration.exposureWarning { logger.warning("\(warning)") }
        if let warning = configuration.relocationExposureWarning { logger.warning("\(warning)") }
        if let minimum = configuration.dom0MinimumMemoryMiB {
            logger.notice("dom0-min-mem \(minimum) MiB noted; the simulated host does not balloon Domain-0")
        }
        let daemon: XendDaemon
        do {
            daemon = try XendDaemon.start(configuration: configuration, options: options, log: log, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            throw ExitCode(1)
        }
        daemon.runUntilSignalled()
        log.flush()
    }
}
