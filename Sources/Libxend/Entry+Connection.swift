import Glibc
import XendClientKit

// The connection calls of libxend/xend.h. None contacts the daemon, so they succeed while it is down.

/// `struct xend *xend_new(void)`: the local socket, then TCP localhost:8000.
@_cdecl("xend_new")
public func libxendNew() -> OpaquePointer? {
    newHandle([.defaultUnixSocket, .defaultTCP])
}

/// `struct xend *xend_new_tcp(const char *host, int port)`.
@_cdecl("xend_new_tcp")
public func libxendNewTCP(_ host: UnsafePointer<CChar>?, _ port: Int32) -> OpaquePointer? {
    guard let host = cArgument(host), (1...65535).contains(port) else {
        errno = EINVAL
        return nil
    }
    return newHandle([.tcp(host: host, port: Int(port))])
}

/// `struct xend *xend_new_unix(const char *path)`.
@_cdecl("xend_new_unix")
public func libxendNewUnix(_ path: UnsafePointer<CChar>?) -> OpaquePointer? {
    guard let path = cArgument(path) else {
        errno = EINVAL
        return nil
    }
    return newHandle([.unixSocket(path: path)])
}

/// `void xend_delete(struct xend *xend)`: closes the connection and joins its thread; NULL is allowed.
@_cdecl("xend_delete")
public func libxendDelete(_ xend: OpaquePointer?) {
    guard let xend else { return }
    let saved = errno
    Unmanaged<XendHandle>.fromOpaque(UnsafeRawPointer(xend)).takeRetainedValue().close()
    errno = saved
}

/// A retained handle as the opaque C pointer.
private func newHandle(_ endpoints: [XendClient.Endpoint]) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(XendHandle(endpoints: endpoints)).toOpaque())
}

/// The handle behind a C pointer, without taking ownership.
func handle(_ xend: OpaquePointer?) -> XendHandle? {
    xend.map { Unmanaged<XendHandle>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
}
