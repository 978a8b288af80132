import CLibxend
import Glibc
import XendClientKit

// The host calls of libxend/xend.h.

@_cdecl("xend_get_node")
public func libxendGetNode(_ xend: OpaquePointer?) -> UnsafeMutablePointer<xend_node>? {
    guard let handle = handle(xend) else { return failed(EINVAL) }
    switch handle.blocking({ client throws(XendClientError) in try await client.node() }) {
    case .success(let node): return node.flatCopy() ?? failed(ENOMEM)
    case .failure(let error): return failed(Errno.code(for: error))
    }
}

@_cdecl("xend_node_shutdown")
public func libxendNodeShutdown(_ xend: OpaquePointer?) -> Int32 {
    hostCall(xend) { client throws(XendClientError) in try await client.shutdownNode() }
}

@_cdecl("xend_node_restart")
public func libxendNodeRestart(_ xend: OpaquePointer?) -> Int32 {
    hostCall(xend) { client throws(XendClientError) in try await client.restartNode() }
}

@_cdecl("xend_dmesg")
public func libxendDmesg(_ xend: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int32 {
    textCall(xend, buffer, size) { client throws(XendClientError) in try await client.dmesg() }
}

@_cdecl("xend_dmesg_clear")
public func libxendDmesgClear(_ xend: OpaquePointer?) -> Int32 {
    hostCall(xend) { client throws(XendClientError) in try await client.clearDmesg() }
}

@_cdecl("xend_log")
public func libxendLog(_ xend: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int32 {
    textCall(xend, buffer, size) { client throws(XendClientError) in try await client.log() }
}

/// A call on the host that returns nothing.
private func hostCall(
    _ xend: OpaquePointer?, _ body: @escaping @Sendable (XendClient) async throws(XendClientError) -> Void
) -> Int32 {
    guard let handle = handle(xend) else { return Errno.fail(EINVAL) }
    return Errno.status(handle.blocking(body))
}

/// A call whose text is copied into the caller's buffer: at most `size - 1` bytes, then a NUL.
private func textCall(
    _ xend: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int,
    _ body: @escaping @Sendable (XendClient) async throws(XendClientError) -> String
) -> Int32 {
    guard let handle = handle(xend), let buffer, size > 0 else { return Errno.fail(EINVAL) }
    switch handle.blocking(body) {
    case .success(let text):
        var count = 0
        for byte in text.utf8 {
            guard count < size - 1 else { break }
            buffer[count] = CChar(bitPattern: byte)
            count += 1
        }
        buffer[count] = 0
        return 0
    case .failure(let error):
        return Errno.fail(error)
    }
}
