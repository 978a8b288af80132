import CLibxend
import Glibc
import XendClientKit
import XendModel

// The calls of libxend/xend.h that return records, and create and hot-plug, which send them.

@_cdecl("xend_get_domains")
public func libxendGetDomains(_ xend: OpaquePointer?) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let handle = handle(xend) else { return failed(EINVAL) }
    switch handle.blocking({ client throws(XendClientError) in try await client.domains() }) {
    case .success(let names): return flatNameList(names.map(\.rawValue)) ?? failed(ENOMEM)
    case .failure(let error): return failed(Errno.code(for: error))
    }
}

@_cdecl("xend_get_domain")
public func libxendGetDomain(_ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?)
    -> UnsafeMutablePointer<xend_domain>?
{
    guard let handle = handle(xend), let text = cArgument(name) else { return failed(EINVAL) }
    let result = handle.blocking { client throws(XendClientError) in
        try await client.domain(try DomainReference(parsing: text))
    }
    switch result {
    case .success(let info): return info.flatCopy() ?? failed(ENOMEM)
    case .failure(let error): return failed(Errno.code(for: error))
    }
}

@_cdecl("xend_create")
public func libxendCreate(_ xend: OpaquePointer?, _ info: UnsafePointer<xend_domain>?) -> Int32 {
    guard let handle = handle(xend), let config = info?.pointee.vmConfig() else { return Errno.fail(EINVAL) }
    return Errno.status(handle.blocking { client throws(XendClientError) in try await client.create(config) })
}

@_cdecl("xend_vbd_create")
public func libxendVBDCreate(
    _ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ vbd: UnsafePointer<xend_device_vbd>?
) -> Int32 {
    guard let disk = vbd?.pointee.virtualBlockDevice() else { return Errno.fail(EINVAL) }
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.attach(disk, to: domain)
    }
}

@_cdecl("xend_vbd_destroy")
public func libxendVBDDestroy(
    _ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ vbd: UnsafePointer<xend_device_vbd>?
) -> Int32 {
    guard let device = cField(vbd?.pointee.dev) else { return Errno.fail(EINVAL) }
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.detachBlockDevice(device, from: domain)
    }
}

@_cdecl("xend_vif_create")
public func libxendVIFCreate(
    _ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ vif: UnsafePointer<xend_device_vif>?
) -> Int32 {
    guard let interface = vif?.pointee.virtualNetworkInterface() else { return Errno.fail(EINVAL) }
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.attach(interface, to: domain)
    }
}

@_cdecl("xend_vif_destroy")
public func libxendVIFDestroy(
    _ xend: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ vif: UnsafePointer<xend_device_vif>?
) -> Int32 {
    guard let vif = vif?.pointee, let device = cField(vif.vifname) ?? vif.macAddress?.description else {
        return Errno.fail(EINVAL)
    }
    return domainCall(xend, name) { client, domain throws(XendClientError) in
        try await client.detachNetworkInterface(device, from: domain)
    }
}

/// Sets errno and returns the classic failure value of a pointer call.
func failed<T>(_ code: Int32) -> T? {
    errno = code
    return nil
}
