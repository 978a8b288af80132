internal import CLibxl
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU and node calls that take or fill a `libxl_bitmap`, and the ones with other C conventions the
/// generator does not guess (a bitmap passed by value, a `char *` that is only read). Kept apart from
/// `Calls.swift` only to keep files small; the rule is the same: nothing else calls these C functions.
extension Calls {
    // int libxl_domain_set_nodeaffinity(libxl_ctx *ctx, uint32_t domid, libxl_bitmap *nodemap)
    // (libxc copies a whole node map out of the buffer, so it is sized by libxl_node_bitmap_alloc)
    static func domainSetNodeAffinity(_ context: OpaquePointer, _ domid: UInt32, _ nodes: Bitmap) -> CInt {
        CallTrace.record("libxl_domain_set_nodeaffinity")
        return withSizedNodeBitmap(context, nodes) { rc, map in
            rc == 0 ? libxl_domain_set_nodeaffinity(context, domid, map) : rc
        }
    }

    // int libxl_domain_get_nodeaffinity(libxl_ctx *ctx, uint32_t domid, libxl_bitmap *nodemap)
    // (libxc fills the caller's buffer, so it is sized by libxl_node_bitmap_alloc first)
    static func domainGetNodeAffinity(_ context: OpaquePointer, _ domid: UInt32) -> (CInt, Bitmap) {
        CallTrace.record("libxl_domain_get_nodeaffinity")
        return withSizedNodeBitmap(context, Bitmap()) { rc, map in
            guard rc == 0 else { return (rc, Bitmap()) }
            let result = libxl_domain_get_nodeaffinity(context, domid, map)
            return (result, Bitmap(fromC: map.pointee))
        }
    }

    // int libxl_set_vcpuaffinity_all(libxl_ctx *ctx, uint32_t domid, unsigned int max_vcpus,
    //                                const libxl_bitmap *cpumap_hard, const libxl_bitmap *cpumap_soft)
    static func setVCPUAffinityAll(
        _ context: OpaquePointer, _ domid: UInt32, _ maxVCPUs: CUnsignedInt, _ hard: Bitmap?, _ soft: Bitmap?
    ) -> CInt {
        CallTrace.record("libxl_set_vcpuaffinity_all")
        return withCBitmap(hard) { hardMap in
            withCBitmap(soft) { softMap in libxl_set_vcpuaffinity_all(context, domid, maxVCPUs, hardMap, softMap) }
        }
    }

    // int libxl_get_freecpus(libxl_ctx *ctx, libxl_bitmap *cpumap)
    // (libxl allocates the map into the initialized bitmap; disposing it frees that)
    static func getFreeCPUs(_ context: OpaquePointer) -> (CInt, Bitmap) {
        CallTrace.record("libxl_get_freecpus")
        var map = libxl_bitmap()
        libxl_bitmap_init(&map)
        defer { libxl_bitmap_dispose(&map) }
        let rc = libxl_get_freecpus(context, &map)
        return (rc, rc == 0 ? Bitmap(fromC: map) : Bitmap())
    }

    // int libxl_cpupool_create(libxl_ctx *ctx, const char *name, libxl_scheduler sched, libxl_bitmap cpumap,
    //                          libxl_uuid *uuid, uint32_t *poolid)
    // (the bitmap goes by value; poolid is LIBXL_CPUPOOL_POOLID_ANY in, the chosen ID out)
    static func cpupoolCreate(
        _ context: OpaquePointer, _ name: String, _ scheduler: Scheduler, _ cpus: Bitmap, _ uuid: UUID,
        _ poolid: inout UInt32
    ) -> CInt {
        CallTrace.record("libxl_cpupool_create")
        var cUUID = libxl_uuid()
        uuid.fill(&cUUID)
        let cScheduler = libxl_scheduler(rawValue: .init(truncatingIfNeeded: scheduler.rawValue))
        return withCBitmap(cpus) { map in
            guard let map else { return ErrorCode.inval.rawValue }
            return libxl_cpupool_create(context, name, cScheduler, map.pointee, &cUUID, &poolid)
        }
    }

    // int libxl_cpupool_cpuadd_cpumap(libxl_ctx *ctx, uint32_t poolid, const libxl_bitmap *cpumap)
    static func cpupoolCPUAddMap(_ context: OpaquePointer, _ poolid: UInt32, _ cpus: Bitmap) -> CInt {
        CallTrace.record("libxl_cpupool_cpuadd_cpumap")
        return withCBitmap(cpus) { map in libxl_cpupool_cpuadd_cpumap(context, poolid, map) }
    }

    // int libxl_cpupool_cpuremove_cpumap(libxl_ctx *ctx, uint32_t poolid, const libxl_bitmap *cpumap)
    static func cpupoolCPURemoveMap(_ context: OpaquePointer, _ poolid: UInt32, _ cpus: Bitmap) -> CInt {
        CallTrace.record("libxl_cpupool_cpuremove_cpumap")
        return withCBitmap(cpus) { map in libxl_cpupool_cpuremove_cpumap(context, poolid, map) }
    }

    // int libxl_send_debug_keys(libxl_ctx *ctx, char *keys)
    // (libxl only reads the keys; the C string is a copy)
    static func sendDebugKeys(_ context: OpaquePointer, _ keys: String) -> CInt {
        CallTrace.record("libxl_send_debug_keys")
        let copy = strdup(keys)
        defer { free(copy) }
        return libxl_send_debug_keys(context, copy)
    }

    // libxl_device_channel *libxl_device_channel_list(libxl_ctx *ctx, uint32_t domid, int *num)
    // libxl.h declares no list_free for channels: each element is disposed, then the array freed.
    static func deviceChannelListFree(_ list: UnsafeMutablePointer<libxl_device_channel>, _ count: CInt) {
        for index in 0..<Int(max(count, 0)) { libxl_device_channel_dispose(list + index) }
        free(list)
    }

    /// Runs `body` with a node bitmap libxl sized for this host (`libxl_node_bitmap_alloc`, which asks
    /// libxc for the node count) holding `nodes`; `body` gets the allocation's return code, or
    /// `ERROR_INVAL` when a node is beyond the host's map.
    private static func withSizedNodeBitmap<R>(
        _ context: OpaquePointer, _ nodes: Bitmap, _ body: (CInt, UnsafeMutablePointer<libxl_bitmap>) -> R
    ) -> R {
        var map = libxl_bitmap()
        libxl_bitmap_init(&map)
        defer { libxl_bitmap_dispose(&map) }
        let rc = libxl_node_bitmap_alloc(context, &map, 0)
        guard rc == 0 else { return body(rc, &map) }
        guard nodes.indices.allSatisfy({ $0 < Int(map.size) * 8 }) else { return body(ErrorCode.inval.rawValue, &map) }
        for node in nodes.indices { libxl_bitmap_set(&map, CInt(node)) }
        return body(0, &map)
    }
}
