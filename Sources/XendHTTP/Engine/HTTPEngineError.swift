#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the HTTP engine could not start: a socket call failed, libmicrohttpd refused, or the
/// configuration is unusable. `description` names the call and the errno text.
public struct HTTPEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, in words (`bind /var/lib/xend/xend-socket: Permission denied`).
    public let message: String
    /// The errno value when a system call failed.
    public let errno: Int32?

    init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    /// A failed system call: `function`, what it was applied to, and errno as text.
    static func system(_ function: String, _ subject: String, code: Int32) -> HTTPEngineError {
        HTTPEngineError("\(function) \(subject): \(String(cString: strerror(code)))", errno: code)
    }

    /// `MHD_start_daemon` returned NULL (its log line says why).
    static func daemonStartFailed(_ listener: String) -> HTTPEngineError {
        HTTPEngineError("libmicrohttpd could not start a daemon on \(listener)")
    }

    /// A configuration value the engine cannot use.
    static func invalidConfiguration(_ message: String) -> HTTPEngineError {
        HTTPEngineError(message)
    }

    /// An `xend-hosts-allow` pattern that does not compile.
    static func invalidHostsAllow(pattern: String, reason: String) -> HTTPEngineError {
        HTTPEngineError("invalid xend-hosts-allow pattern \(pattern): \(reason)")
    }

    public var description: String { message }
}
