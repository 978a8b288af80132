import ArgumentParser
import XendClientKit

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's endpoint: unix:PATH or tcp:HOST:PORT (default: the local socket, then tcp:localhost:8000).",
            valueName: "endpoint"
        )
    )
    var connect: String?

    @Flag(name: .long, help: "Print the result as JSON (read commands).")
    var json = false

    func validate() throws {
        if let connect, XendClient.Endpoint(parsing: connect) == nil {
            throw ValidationError("--connect takes unix:PATH or tcp:HOST:PORT, not '\(connect)'")
        }
    }

    /// A client for the chosen endpoint; a token comes from the XEND_TOKEN environment variable.
    func makeClient() -> XendClient {
        var configuration = XendClient.Configuration()
        if let token = Environment.value("XEND_TOKEN"), !token.isEmpty {
            configuration.bearerToken = token
        }
        if let file = Environment.value("XEND_TLS_CA"), !file.isEmpty {
            configuration.tls = .init(trustedCertificateFile: file)
        }
        guard let connect, let endpoint = XendClient.Endpoint(parsing: connect) else {
            return XendClient.local(configuration: configuration)
        }
        return XendClient(endpoints: [endpoint], configuration: configuration)
    }
}
