import Synchronization
import ThreadShards

/// What the engine knows about one request while libmicrohttpd calls the access handler for it,
/// several times: headers first, then body chunks, then a last call with no data.
///
/// Created in the URI-log callback (the only place MHD shows the raw request target), retained
/// into `*con_cls`, released in the request-completed callback. MHD calls every callback of one
/// connection from the same worker thread, one at a time, so the fields need no lock; for the same
/// reason they go without the runtime's exclusive-access checks (some ten per request).
final class MHDRequestState {
    enum Phase {
        /// Headers are complete; the access handler has not been called yet.
        case new
        /// Headers were read; body chunks may follow.
        case receiving
        /// A response was queued.
        case answered
    }

    /// The request target exactly as sent, or `nil` when it is not UTF-8.
    let target: String?
    @exclusivity(unchecked) var phase = Phase.new
    @exclusivity(unchecked) var method = ""
    @exclusivity(unchecked) var version = ""
    @exclusivity(unchecked) var headers = HTTPHeaders(fields: [])
    @exclusivity(unchecked) var peerAddress: String? = nil
    /// The request's path and `op` parameter, for the log line.
    @exclusivity(unchecked) var path: String? = nil
    @exclusivity(unchecked) var op: String? = nil
    @exclusivity(unchecked) var body: RequestBody
    /// Whether this request counts towards the server's in-flight total (decremented on completion).
    @exclusivity(unchecked) var countedInFlight = false
    /// When the headers were complete (``MonotonicClock``), for the per-request log line and the request's
    /// `startNanoseconds`.
    let started = MonotonicClock.nanoseconds()

    /// The server's `liveRequestStates`, which counts this state. Not a reference to the server: a retain
    /// and a release of the one server core per request made every worker thread write its reference
    /// count (docs/performance.md, "One slot per thread"). The core outlives every state: each listener
    /// retains it until its MHD daemon has stopped, and MHD releases every state (the request-completed
    /// callback) before that.
    private let liveStates: ShardedCounter.UnownedReference

    /// A state for a request to `target`, counted in `liveStates`, whose body may be `maximumBodySize`
    /// bytes (``MHDListener/newRequestState(target:)``). Takes the listener's fields rather than the
    /// listener: an initializer's argument is passed retained, and the listener's reference count is
    /// written by every worker thread of its socket.
    init(target: String?, liveStates: ShardedCounter.UnownedReference, maximumBodySize: Int) {
        self.target = target
        self.liveStates = liveStates
        body = RequestBody(limit: maximumBodySize)
        liveStates.add(1)
    }

    deinit {
        liveStates.add(-1)
    }
}
