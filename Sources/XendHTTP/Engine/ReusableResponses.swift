internal import CMicroHTTPD
import ThreadShards

/// The last libmicrohttpd response one listener built with keep-alive and the last without, sent again
/// for an equal response whose body shares the kept one's storage.
///
/// `GET /xend/node` answers the same bytes for as long as the host's record stays the same, and the router
/// hands out the same body array for it (`PrintedRecordCache`): building its MHD response (the body copied,
/// five headers checked and copied, all freed after sending) cost some 4.5k instructions per request
/// (callgrind, docs/performance.md). libmicrohttpd counts a response's users under the response's own
/// lock and only reads it while sending, so one response can be queued on several connections and
/// worker threads at once; it is destroyed when the last of them and this cache let go.
///
/// Only the body's storage is compared, never its bytes: comparing a body byte by byte costs more than
/// building the response, and an array sharing the kept body's storage has its bytes (the kept copy keeps
/// the storage alive and, being shared, unchanged). Bodies over ``largestKeptBody`` are not kept, so the cache holds little memory.
///
/// Each worker thread keeps its own (``ThreadShards``): with one pair for all, every request took the
/// cache's lock, and the kept response's reference counts, from the other threads' cores (docs/performance.md,
/// "One slot per thread").
final class ReusableResponses: Sendable {
    /// One built MHD response and the response it was built from.
    final class Built: @unchecked Sendable {  // the pointer is used as described above
        let response: HTTPResponse
        let keepAlive: Bool
        let mhd: OpaquePointer

        init(response: HTTPResponse, keepAlive: Bool, mhd: OpaquePointer) {
            self.response = response
            self.keepAlive = keepAlive
            self.mhd = mhd
        }

        deinit {
            MHD_destroy_response(mhd)
        }

        /// Whether `other` with `keepAlive` would build this response.
        func matches(_ other: HTTPResponse, keepAlive: Bool) -> Bool {
            self.keepAlive == keepAlive && ReusableResponses.sendsAlike(response, other)
        }
    }

    /// Whether `kept` and `other` build the same MHD response: the same status, phrase and headers, and
    /// a body in the same storage.
    static func sendsAlike(_ kept: HTTPResponse, _ other: HTTPResponse) -> Bool {
        kept.status == other.status && sameStorage(kept.body, other.body) && kept.reasonPhrase == other.reasonPhrase
            && kept.headers == other.headers
    }

    private static func sameStorage(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count
            && a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// The largest body kept: 16 KiB, more than the node record's 1.2 KB.
    static let largestKeptBody = 16 * 1024

    private struct Kept: Sendable {
        var close: Built?
        var keepAlive: Built?
        var reused = 0
    }

    private let last = ThreadShards { Kept() }

    /// How many responses were found kept, over all threads; tests read it to see reuse happen.
    var reused: Int {
        var total = 0
        last.forEach { total += $0.reused }
        return total
    }

    /// The kept response `response` would build with `keepAlive`, if this thread has one.
    func built(for response: HTTPResponse, keepAlive: Bool) -> Built? {
        last.withCurrent { last -> Built? in
            guard let kept = keepAlive ? last.keepAlive : last.close, kept.matches(response, keepAlive: keepAlive)
            else { return nil }
            last.reused += 1
            return kept
        }
    }

    /// Keeps `built` in place of this thread's last response with its keep-alive setting, unless its body
    /// is too large.
    func keep(_ built: Built) {
        guard built.response.body.count <= Self.largestKeptBody else { return }
        let replaced = last.withCurrent { last -> Built? in
            if built.keepAlive {
                defer { last.keepAlive = built }
                return last.keepAlive
            }
            defer { last.close = built }
            return last.close
        }
        // Released outside the lock: the last release destroys an MHD response.
        withExtendedLifetime(replaced) {}
    }
}
