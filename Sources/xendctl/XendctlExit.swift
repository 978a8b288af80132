import ArgumentParser
import XendClientKit

/// The exit statuses scripts can rely on; `xendctl --help` lists them.
enum XendctlExit: Int32 {
    case success = 0
    case operationFailed = 1
    case usage = 2
    case noSuchDomain = 3
    case cannotConnect = 4

    /// The status for a client error.
    init(_ error: XendClientError) {
        switch error.kind {
        case .connectionFailed: self = .cannotConnect
        case .noSuchDomain: self = .noSuchDomain
        case .invalidArgument: self = .usage
        default: self = .operationFailed
        }
    }
}

/// A failure already reported on standard error, carrying the exit status.
struct XendctlFailure: Error {
    var exit: XendctlExit
    var message: String

    static func usage(_ message: String) -> XendctlFailure { XendctlFailure(exit: .usage, message: message) }
    static func failed(_ message: String) -> XendctlFailure { XendctlFailure(exit: .operationFailed, message: message) }
}
