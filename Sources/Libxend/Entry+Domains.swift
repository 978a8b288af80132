import CLibxend
import Glibc
import XendClientKit
import XendModel

// The per-domain calls of libxend/xend.h: 0, or -1 with errno (the table in the header).

@_cdecl("xend_wait_for_devices")
public func libxendWaitForDevices(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.waitForDevices(domain) }
}

@_cdecl("xend_pause")
public func libxendPause(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.pause(domain) }
}

@_cdecl("xend_unpause")
public func libxendUnpause(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.unpause(domain) }
}

@_cdecl("xend_rename")
public func libxendRename(
    _ xend: OpaquePointer?, _ oldname: UnsafePointer<CChar>?, _ name: UnsafePointer<CChar>?
) -> Int32 {
    guard let newName = cArgument(name).flatMap(DomainName.init(validating:)) else { return Errno.fail(EINVAL) }
    return domainCall(xend, oldname) { client, domain throws(XendClientError) in
        try await client.rename(domain, to: newName)
    }
}

@_cdecl("xend_sysrq")
public func libxendSysRq(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ key: UnsafePointer<CChar>?)
    -> Int32
{
    guard let text = cArgument(key), text.count == 1, let key = text.first else { return Errno.fail(EINVAL) }
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.sendSysrq(key, to: domain)
    }
}

@_cdecl("xend_reboot")
public func libxendReboot(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.reboot(domain) }
}

@_cdecl("xend_shutdown")
public func libxendShutdown(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.shutdown(domain) }
}

@_cdecl("xend_destroy")
public func libxendDestroy(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in try await client.destroy(domain) }
}

@_cdecl("xend_save")
public func libxendSave(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ filename: UnsafePointer<CChar>?)
    -> Int32
{
    guard let path = cArgument(filename) else { return Errno.fail(EINVAL) }
    return domainCall(xend, name) { client, domain throws(XendClientError) in try await client.save(domain, to: path) }
}

@_cdecl("xend_restore")
public func libxendRestore(_ xend: OpaquePointer?, _ filename: UnsafePointer<CChar>?) -> Int32 {
    guard let handle = handle(xend), let path = cArgument(filename) else { return Errno.fail(EINVAL) }
    return Errno.status(handle.blocking { client throws(XendClientError) in try await client.restore(from: path) })
}

@_cdecl("xend_set_max_memory")
public func libxendSetMaxMemory(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: UInt64) -> Int32 {
    let mebibytes = value >> 20 + (value & 0xFFFFF == 0 ? 0 : 1)
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.setMaxMemory(.mebibytes(mebibytes), for: domain)
    }
}

@_cdecl("xend_set_memory")
public func libxendSetMemory(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: UInt64) -> Int32 {
    domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.setMemory(.mebibytes(value >> 20), for: domain)
    }
}

/// Runs one call on the domain `name` names; EINVAL for a NULL handle or a NULL or unreadable name.
func domainCall(
    _ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?,
    _ body: @escaping @Sendable (XendClient, DomainReference) async throws(XendClientError) -> Void
) -> Int32 {
    guard let handle = handle(xend), let text = cArgument(name) else { return Errno.fail(EINVAL) }
    let domain: DomainReference
    do {
        domain = try DomainReference(parsing: text)
    } catch {
        return Errno.fail(error)
    }
    return Errno.status(handle.blocking { client throws(XendClientError) in try await body(client, domain) })
}
