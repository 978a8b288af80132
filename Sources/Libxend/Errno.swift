import Foundation
import Glibc
import XendClientKit

/// How a failure becomes the classic API's `-1`/`NULL` with `errno` (the table in libxend/xend.h).
enum Errno {
    /// The errno value a client error stands for.
    static func code(for error: XendClientError) -> Int32 {
        switch error.kind {
        case .noSuchDomain: return ESRCH
        case .invalidArgument: return EINVAL
        case .timedOut: return ETIMEDOUT
        case .connectionFailed: return connectionCode(error.message)
        default:
            if let status = error.httpStatus, status == 401 || status == 403 { return EACCES }
            return EIO
        }
    }

    /// The reason the last endpoint gave, read back from the strerror text the client quotes.
    /// A reason the table does not know (an unresolvable host) reads as ECONNREFUSED: nothing answered.
    private static func connectionCode(_ message: String) -> Int32 {
        let known: [Int32] = [ENOENT, ECONNREFUSED, EACCES, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH]
        var found: (position: String.Index, code: Int32)?
        for code in known {
            let text = "(" + String(cString: strerror(code)) + ")"
            if let range = message.range(of: text, options: .backwards),
                found.map({ range.lowerBound > $0.position }) ?? true
            {
                found = (range.lowerBound, code)
            }
        }
        return found?.code ?? ECONNREFUSED
    }

    /// Sets errno and returns the classic failure value of an `int` call.
    static func fail(_ code: Int32) -> Int32 {
        errno = code
        return -1
    }

    /// Sets errno for a client error and returns `-1`.
    static func fail(_ error: XendClientError) -> Int32 { fail(code(for: error)) }

    /// Turns the outcome of an `int` call into `0`, or `-1` with errno.
    static func status<Value>(_ result: Result<Value, XendClientError>) -> Int32 {
        switch result {
        case .success: return 0
        case .failure(let error): return fail(error)
        }
    }
}
