import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The web console's login sessions: a random session id that the browser keeps in an `HttpOnly` cookie,
/// and beside it a second random value, the anti-forgery token, that the console's script sends back in
/// ``antiForgeryHeader`` with every request that changes something (docs/console.md).
///
/// The engine accepts a live session cookie in place of `Authorization: Bearer` (``AccessPolicy``); the
/// console responder opens and closes sessions and checks the anti-forgery token. Sessions live in memory
/// only: a restart logs every browser out, and the bearer token itself is never stored in a browser.
public final class BrowserSessions: Sendable {
    /// One logged-in browser.
    public struct Session: Sendable, Hashable {
        /// The cookie's value: 32 random bytes, hexadecimal.
        public let id: String
        /// The value the console's script must send in ``BrowserSessions/antiForgeryHeader``.
        public let antiForgeryToken: String
        /// When the session ends, in seconds of the monotonic clock (`CLOCK_MONOTONIC`).
        let expires: Int
    }

    /// The cookie's name.
    public static let cookieName = "xend_console"
    /// The request header that carries the session's anti-forgery token.
    public static let antiForgeryHeader = "X-Xend-Console-Token"

    /// How long a session lasts after login, in seconds (also the cookie's `Max-Age`).
    public let lifetimeSeconds: Int
    /// How many sessions are kept; opening one more ends the oldest.
    public let capacity: Int
    private let sessions = Mutex<[Session]>([])

    /// A store whose sessions last `lifetimeSeconds` (12 hours by default), at most `capacity` at once.
    public init(lifetimeSeconds: Int = 12 * 3600, capacity: Int = 256) {
        self.lifetimeSeconds = lifetimeSeconds
        self.capacity = max(capacity, 1)
    }

    /// Opens a session with fresh random values.
    public func open() -> Session {
        let session = Session(
            id: Self.randomHex(), antiForgeryToken: Self.randomHex(), expires: Self.now() + lifetimeSeconds)
        sessions.withLock { list in
            let now = Self.now()
            list.removeAll { $0.expires <= now }
            if list.count >= capacity { list.removeFirst(list.count - capacity + 1) }
            list.append(session)
        }
        return session
    }

    /// Ends the session whose id is `id`, if it is open.
    public func close(id: String) {
        let presented = Array(id.utf8)
        sessions.withLock { list in list.removeAll { Self.equal(Array($0.id.utf8), presented) } }
    }

    /// The live session named by the request's cookie, or `nil`. Every open session is compared in full,
    /// so the time taken does not tell how much of a guess was right.
    public func session(presentedIn headers: HTTPHeaders) -> Session? {
        guard let value = Self.cookieValue(in: headers) else { return nil }
        let presented = Array(value.utf8)
        let now = Self.now()
        return sessions.withLock { list in
            var found: Session?
            for session in list where Self.equal(Array(session.id.utf8), presented) && session.expires > now {
                found = session
            }
            return found
        }
    }

    /// Whether the request carries the console's cookie at all, live or not: such a request is the
    /// console's, and its state-changing requests must carry the anti-forgery token.
    public static func carriesCookie(_ headers: HTTPHeaders) -> Bool {
        cookieValue(in: headers) != nil
    }

    /// The value of ``cookieName`` in the `Cookie` headers (`a=1; xend_console=…`), or `nil`.
    static func cookieValue(in headers: HTTPHeaders) -> String? {
        for value in headers.all("Cookie") {
            for pair in value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, parts[0].trimmingSpaces == cookieName {
                    return String(parts[1].trimmingSpaces)
                }
            }
        }
        return nil
    }

    /// Compares two byte strings in time that depends on their lengths only.
    public static func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count, !left.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// 32 bytes from the system's generator (`getrandom` on Linux), as 64 hexadecimal digits.
    private static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let digits = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return text
    }

    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int(time.tv_sec)
    }
}
