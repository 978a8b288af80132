internal import CMicroHTTPD
internal import CXendShims
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The per-request state machine behind `xendMHDAccessHandler`.
extension MHDListener {
    func access(
        connection: OpaquePointer,
        state: MHDRequestState,
        method: UnsafePointer<CChar>?,
        version: UnsafePointer<CChar>?,
        upload: UnsafeRawBufferPointer,
        uploadDataSize: UnsafeMutablePointer<Int>
    ) -> MHD_Result {
        switch state.phase {
        case .new:
            state.phase = .receiving
            // C strings are copied once, on the first call; later calls only carry body bytes.
            state.method = method.map { KnownStrings.methods.string(cString: $0) } ?? ""
            state.version = version.map { KnownStrings.versions.string(cString: $0) } ?? ""
            state.headers = Self.requestHeaders(connection)
            state.peerAddress = socket.transport == .tcp ? Self.peerAddress(connection) : nil
            if core.draining.load(ordering: .acquiring) {
                return answer(
                    .xendError("xend is shutting down", status: 503), to: state, on: connection, keepAlive: false)
            }
            state.countedInFlight = true
            inFlight.add(1)
            // Refusals are queued before the body is read, so MHD closes the connection after them.
            if let refusal = policy.refusal(
                transport: socket.transport, peerAddress: state.peerAddress, headers: state.headers,
                method: state.method, target: state.target)
            {
                var response = HTTPResponse.xendError(refusal.message, status: refusal.status)
                if refusal == .authenticationRequired { response.headers.add("WWW-Authenticate", "Bearer") }
                return answer(response, to: state, on: connection, keepAlive: false)
            }
            if RequestBody.hasConflictingLengths(state.headers) {
                return answer(
                    .xendError("Conflicting Content-Length headers", status: 400), to: state, on: connection,
                    keepAlive: false)
            }
            if RequestBody.announcesMoreThan(state.body.limit, contentLength: state.headers["Content-Length"]) {
                return answer(tooLarge(state), to: state, on: connection, keepAlive: false)
            }
            return .YES
        case .receiving where upload.count > 0:
            uploadDataSize.pointee = 0
            // A chunked body over the cap is read to its end and discarded, then answered 413
            // (MHD accepts no response mid-body); one that keeps going is dropped.
            if !state.body.append(upload) && state.body.shouldAbandon {
                state.phase = .answered
                log(state, status: 413)
                return .NO
            }
            return .YES
        case .receiving:
            if state.body.exceeded { return answer(tooLarge(state), to: state, on: connection, keepAlive: false) }
            let response = respond(to: state)
            return answer(
                response, to: state, on: connection, keepAlive: ConnectionPersistence.keepsAlive(state.headers))
        case .answered:
            return .NO
        }
    }

    /// Builds the `HTTPRequest` and asks the responder, unless the engine answers itself or sends the answer
    /// to an identical request again (``ReplayedAnswers``).
    private func respond(to state: MHDRequestState) -> HTTPResponse {
        guard HTTPResponse.supports(method: state.method) else { return .methodNotSupported(state.method) }
        guard let target = state.target else {
            return .xendError("Invalid UTF-8 in request target", status: 400)
        }
        let mayReplay = ReplayedAnswers.mayReplay(method: state.method, bodyIsEmpty: state.body.bytes.isEmpty)
        if mayReplay,
            let answer = replayedAnswers.answer(
                method: state.method, target: target, version: state.version, headers: state.headers,
                peerAddress: state.peerAddress)
        {
            answer.replay.replayed(startNanoseconds: state.started)
            state.op = answer.op
            state.path = answer.path
            return answer.response
        }
        let request = HTTPRequest.decoding(
            method: state.method, target: target, version: state.version, headers: state.headers,
            body: state.body.bytes, transport: socket.transport, peerAddress: state.peerAddress,
            startNanoseconds: state.started, decodedTargets: decodedTargets)
        state.op = request.parameter("op")
        state.path = request.rawPath
        let answered = responder.respondReplayable(to: request)
        if mayReplay, let replay = answered.replay {
            replayedAnswers.keep(
                ReplayedAnswers.Answer(
                    method: state.method, target: target, version: state.version, headers: state.headers,
                    peerAddress: state.peerAddress, path: request.rawPath, op: state.op, response: answered.response,
                    replay: replay))
        }
        return answered.response
    }

    private func tooLarge(_ state: MHDRequestState) -> HTTPResponse {
        .xendError("Request body too large (limit \(state.body.limit) bytes)", status: 413)
    }

    /// Queues `response`; when MHD rejects it as built (bad status or header), queues a 500 instead.
    private func answer(
        _ response: HTTPResponse, to state: MHDRequestState, on connection: OpaquePointer, keepAlive: Bool
    ) -> MHD_Result {
        state.phase = .answered
        var sent = response
        var result = queue(response, on: connection, keepAlive: keepAlive)
        if case .failure(let problem) = result {
            sent = .xendError("Internal error: \(problem)", status: 500)
            result = queue(sent, on: connection, keepAlive: false)
        }
        log(state, status: sent.status)
        if case .failure = result { return .NO }
        return .YES
    }

    /// One line per request: method, path, op, status and the microseconds from complete headers
    /// to queued response.
    func log(_ state: MHDRequestState, status: Int) {
        let microseconds = (MonotonicClock.nanoseconds() - state.started) / 1000
        let path = state.path ?? state.target.map { HTTPRequest.split(target: $0).path } ?? "<invalid UTF-8>"
        guard let handler = requestLineHandler else {
            // swift-log checks the level before it builds the message: the logger is read once.
            core.logger.info(
                Logger.Message(
                    stringLiteral: Self.logLine(
                        method: state.method, path: path, op: state.op, status: status, microseconds: microseconds)))
            return
        }
        // The level check `Logger.info` makes, then the line written on the stack and handed over as bytes.
        guard handler.logLevel <= .info else { return }
        let capacity = Self.logLineLength(
            method: state.method, path: path, op: state.op, status: status, microseconds: microseconds)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = Self.writeLogLine(
                method: state.method, path: path, op: state.op, status: status, microseconds: microseconds,
                into: buffer)
            handler.log(level: .info, utf8Message: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// `GET /xend/node op=x 200 42µs`, built in one allocation: string interpolation grows its
    /// buffer several times per request, and even appends into a reserved `String` (with `String(Int)`
    /// for the numbers) cost 1.7k more instructions per request (callgrind, docs/performance.md).
    static func logLine(method: String, path: String, op: String?, status: Int, microseconds: Int64) -> String {
        let capacity = logLineLength(method: method, path: path, op: op, status: status, microseconds: microseconds)
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            writeLogLine(method: method, path: path, op: op, status: status, microseconds: microseconds, into: buffer)
        }
    }

    private static let opPrefix: StaticString = " op="
    private static let microsecondUnit: StaticString = "µs"

    /// The bytes of ``logLine(method:path:op:status:microseconds:)``.
    static func logLineLength(method: String, path: String, op: String?, status: Int, microseconds: Int64) -> Int {
        var length = method.utf8.count + 1 + path.utf8.count + 1 + decimalLength(Int64(status)) + 1
        length += decimalLength(microseconds) + microsecondUnit.utf8CodeUnitCount
        if let op { length += opPrefix.utf8CodeUnitCount + op.utf8.count }
        return length
    }

    /// Writes the log line's UTF-8 at the start of `buffer`, which holds at least ``logLineLength``
    /// bytes; returns how many it wrote.
    static func writeLogLine(
        method: String, path: String, op: String?, status: Int, microseconds: Int64,
        into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var at = copy(method, into: buffer, at: 0)
        buffer[at] = UInt8(ascii: " ")
        at = copy(path, into: buffer, at: at + 1)
        if let op {
            at = copy(opPrefix, into: buffer, at: at)
            at = copy(op, into: buffer, at: at)
        }
        buffer[at] = UInt8(ascii: " ")
        at = write(Int64(status), into: buffer, at: at + 1)
        buffer[at] = UInt8(ascii: " ")
        at = write(microseconds, into: buffer, at: at + 1)
        return copy(microsecondUnit, into: buffer, at: at)
    }

    /// Copies `text`'s UTF-8 into `buffer` at `offset` straight from the string's storage (a byte loop
    /// over `utf8` cost 1k instructions per line); returns the offset after it. Offsets are passed
    /// along rather than captured: a captured variable is checked for exclusive access on every use.
    private static func copy(_ text: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            precondition(offset + bytes.count <= buffer.count)
            guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return offset }
            (target + offset).initialize(from: source, count: bytes.count)
            return offset + bytes.count
        }
    }

    /// Copies `text`'s bytes into `buffer` at `offset`; returns the offset after them.
    private static func copy(_ text: StaticString, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int)
        -> Int
    {
        precondition(offset + text.utf8CodeUnitCount <= buffer.count)
        guard let target = buffer.baseAddress else { return offset }
        (target + offset).initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return offset + text.utf8CodeUnitCount
    }

    /// Writes `number` in decimal into `buffer` at `offset`; returns the offset after it.
    private static func write(_ number: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var at = offset
        var digits = decimalLength(number)
        var rest = number.magnitude
        if number < 0 {
            buffer[at] = UInt8(ascii: "-")
            digits -= 1
            at += 1
        }
        for place in stride(from: at + digits - 1, through: at, by: -1) {
            buffer[place] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return at + digits
    }

    /// Characters `number` takes in decimal, its sign included.
    static func decimalLength(_ number: Int64) -> Int {
        var length = number < 0 ? 2 : 1
        var rest = number.magnitude / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        return length
    }

    private enum QueueFailure: Error, CustomStringConvertible {
        case status(Int)
        case header(String)
        case mhd

        var description: String {
            switch self {
            case .status(let code): "invalid status \(code)"
            case .header(let name): "invalid response header \(name)"
            case .mhd: "libmicrohttpd refused the response"
            }
        }
    }

    /// Converts and queues; the no-cache headers are added when missing, `Content-Length` by MHD. A
    /// response equal to one of the last built, with a body of the same storage, is queued again as it was
    /// built (``ReusableResponses``).
    private func queue(_ response: HTTPResponse, on connection: OpaquePointer, keepAlive: Bool)
        -> Result<Void, QueueFailure>
    {
        guard (100...999).contains(response.status) else { return .failure(.status(response.status)) }
        let built: ReusableResponses.Built
        if let kept = reusable.built(for: response, keepAlive: keepAlive) {
            built = kept
        } else {
            switch Self.build(response, keepAlive: keepAlive) {
            case .success(let mhdResponse):
                built = ReusableResponses.Built(response: response, keepAlive: keepAlive, mhd: mhdResponse)
                reusable.keep(built)
            case .failure(let problem):
                return .failure(problem)
            }
        }
        // MHD writes the status line on this thread right after the access handler returns, asking
        // MHDReasonPhrase.c for the phrase; without one the code's own phrase is used.
        Self.setReasonPhrase(response.statusLinePhrase, status: response.status)
        // `built` (and so the MHD response) lives until MHD has taken its own reference.
        let queued = withExtendedLifetime(built) {
            MHD_queue_response(connection, UInt32(response.status), built.mhd) == .YES
        }
        guard queued else {
            Self.setReasonPhrase(nil, status: 0)
            return .failure(.mhd)
        }
        return .success(())
    }

    /// The MHD response for `response`; the caller destroys it.
    private static func build(_ response: HTTPResponse, keepAlive: Bool) -> Result<OpaquePointer, QueueFailure> {
        let created = response.body.withUnsafeBytes { bytes in
            MHD_create_response_from_buffer(
                bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let mhdResponse = created else { return .failure(.mhd) }
        if let failure = addHeaders(of: response, keepAlive: keepAlive, to: mhdResponse) {
            MHD_destroy_response(mhdResponse)
            return .failure(failure)
        }
        return .success(mhdResponse)
    }

    /// Adds `response`'s headers, the no-cache headers it lacks and the `Connection` header; returns the
    /// header MHD refused, if any.
    private static func addHeaders(of response: HTTPResponse, keepAlive: Bool, to mhdResponse: OpaquePointer)
        -> QueueFailure?
    {
        for field in response.headers where !add(field.name, field.value, to: mhdResponse) {
            return .header(field.name)
        }
        for (name, value) in HTTPResponse.noCacheHeaders where !response.headers.contains(name) {
            guard add(name, value, to: mhdResponse) else { return .header(name) }
        }
        if keepAlive {
            _ = CXendShims_send_keep_alive_header(mhdResponse)
        } else if !add("Connection", "close", to: mhdResponse) {
            return .header("Connection")
        }
        return nil
    }

    /// One header into MHD's response, as C strings borrowed for the call (MHD copies them).
    private static func add(_ name: String, _ value: String, to response: OpaquePointer) -> Bool {
        name.withCString { name in
            value.withCString { value in MHD_add_response_header(response, name, value) == .YES }
        }
    }

    /// Leaves `phrase` for the next status line with `status` built on this thread; `nil` clears it.
    static func setReasonPhrase(_ phrase: String?, status: Int) {
        guard let phrase else {
            CXendShims_set_reason_phrase(0, nil, 0)
            return
        }
        var text = phrase
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                CXendShims_set_reason_phrase(UInt32(status), $0.baseAddress, $0.count)
            }
        }
    }

    private static func requestHeaders(_ connection: OpaquePointer) -> HTTPHeaders {
        var fields: [HTTPHeaders.Field] = []
        fields.reserveCapacity(8)  // a typical client sends 2 to 6 headers
        withUnsafeMutablePointer(to: &fields) { pointer in
            _ = MHD_get_connection_values_n(connection, .HEADER_KIND, xendMHDCollectHeader, pointer)
        }
        return HTTPHeaders(fields: fields)
    }

    /// `address` (network byte order) in dotted decimal, as the engine writes a TCP peer's address.
    static func dottedDecimal(_ address: in_addr) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET_ADDRSTRLEN)) { buffer in
            guard let base = buffer.baseAddress else { return "" }
            var address = address
            CXendShims_format_ipv4(&address, base)
            return String(cString: base)
        }
    }

    /// The peer's address as text (IPv4 by `CXendShims_format_ipv4`, IPv6 by `inet_ntop`), written on the
    /// stack: every TCP request asks, and two arrays on the heap cost 0.8 µs per request (docs/performance.md).
    private static func peerAddress(_ connection: OpaquePointer) -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            guard let base = buffer.baseAddress, CXendShims_peer_address(connection, base, buffer.count) >= 0 else {
                return nil
            }
            base[buffer.count - 1] = 0
            return String(cString: base)
        }
    }
}
