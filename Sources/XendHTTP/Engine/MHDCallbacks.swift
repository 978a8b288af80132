// The C callbacks libmicrohttpd calls, as plain top-level functions outside main.swift: a closure
// in top-level code would be inferred @MainActor and trap on MHD's worker threads.
// None of them throws or traps on bad input; the request logic lives in MHDListener+Requests.swift.

internal import CMicroHTTPD
internal import CXendShims

/// `MHD_OPTION_URI_LOG_CALLBACK`: called once per request with the raw target, before parsing.
/// Its return value becomes the request's `*con_cls`.
func xendMHDURILog(
    _ cls: UnsafeMutableRawPointer?,
    _ uri: UnsafePointer<CChar>?,
    _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    if let connection { CXendShims_note_request_line(connection) }
    guard let cls else { return nil }
    let target = uri.flatMap { String(validatingCString: $0) }
    let state = listener(cls) { $0.newRequestState(target: target) }
    return Unmanaged.passRetained(state).toOpaque()
}

/// `MHD_AccessHandlerCallback`: called when the headers are complete, once per body chunk, and
/// once more with no data.
func xendMHDAccessHandler(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?,
    _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let conCls else { return .NO }
    // A phrase left by an earlier request on this worker thread must not reach another status line.
    MHDListener.setReasonPhrase(nil, status: 0)
    if conCls.pointee == nil {
        // MHD did not run the URI-log callback; fall back to the already-parsed path.
        let target = url.flatMap { String(validatingCString: $0) }
        let state = listener(cls) { $0.newRequestState(target: target) }
        conCls.pointee = Unmanaged.passRetained(state).toOpaque()
    }
    guard let statePointer = conCls.pointee else { return .NO }
    return Unmanaged<MHDRequestState>.fromOpaque(statePointer)._withUnsafeGuaranteedRef { state in
        listener(cls) { listener in
            listener.access(
                connection: connection, state: state,
                method: method, version: version,
                upload: UnsafeRawBufferPointer(start: uploadData, count: uploadDataSize.pointee),
                uploadDataSize: uploadDataSize)
        }
    }
}

/// Runs `body` with the listener at `cls`, borrowed: MHD holds the listener's reference for as long as
/// it calls back, and a retain and a release per callback made every worker thread write the one
/// listener's reference count (docs/performance.md, "One slot per thread").
private func listener<Result>(_ cls: UnsafeMutableRawPointer, _ body: (MHDListener) -> Result) -> Result {
    Unmanaged<MHDListener>.fromOpaque(cls)._withUnsafeGuaranteedRef(body)
}

/// `MHD_OPTION_NOTIFY_COMPLETED`: the request is over (answered, failed or cut off).
func xendMHDRequestCompleted(
    _ cls: UnsafeMutableRawPointer?,
    _ connection: OpaquePointer?,
    _ conCls: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ reason: MHD_RequestTerminationCode
) {
    if let connection { CXendShims_note_request_completed(connection) }
    guard let conCls, let statePointer = conCls.pointee else { return }
    conCls.pointee = nil
    let state = Unmanaged<MHDRequestState>.fromOpaque(statePointer).takeRetainedValue()
    if state.countedInFlight, let cls {
        listener(cls) { $0.inFlight.add(-1) }
    }
}

/// `MHD_OPTION_EXTERNAL_LOGGER`: MHD's own error messages, sent to the server's logger.
func xendMHDLog(_ cls: UnsafeMutableRawPointer?, _ format: UnsafePointer<CChar>?, _ arguments: CVaListPointer?) {
    guard let cls, let format, let arguments else { return }
    let listener = Unmanaged<MHDListener>.fromOpaque(cls).takeUnretainedValue()
    var buffer = [CChar](repeating: 0, count: 512)
    let length = Int(CXendShims_format_log(&buffer, buffer.count, format, arguments))
    let message = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    listener.core.logger.notice("libmicrohttpd on \(listener.socket.name): \(message.trimmingNewlines)")
}

/// `MHD_KeyValueIteratorN` for request headers: appends to the `[HTTPHeaders.Field]` at `cls`.
func xendMHDCollectHeader(
    _ cls: UnsafeMutableRawPointer?,
    _ kind: MHD_ValueKind,
    _ key: UnsafePointer<CChar>?,
    _ keySize: Int,
    _ value: UnsafePointer<CChar>?,
    _ valueSize: Int
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let fields = cls.assumingMemoryBound(to: [HTTPHeaders.Field].self)
    let name = KnownStrings.headerNames.string(UnsafeRawBufferPointer(start: key, count: keySize))
    let text = value.map { KnownStrings.headerValues.string(UnsafeRawBufferPointer(start: $0, count: valueSize)) }
    fields.pointee.append(HTTPHeaders.Field(name: name, value: text ?? ""))
    return .YES
}

extension String {
    fileprivate var trimmingNewlines: Substring {
        var text = Substring(self)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return text
    }
}
