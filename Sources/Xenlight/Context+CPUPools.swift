import FoundationEssentials

/// CPU pools and the pool-wide scheduler parameters (docs/xenlight-coverage.md#functions).
///
/// A pool is named by the `UInt32` ID libxl uses (`CpupoolInfo.poolid`; `Pool-0` is 0). A CPU belongs
/// to at most one pool: take it out of one (`removeCPU`) before adding it to another or creating a pool with it.
extension Context {
    /// The CPUs in no pool (`libxl_get_freecpus`).
    public func freeCPUs() throws(XenlightError) -> Bitmap {
        let (rc, cpus) = Calls.getFreeCPUs(handle)
        try check(rc, "libxl_get_freecpus")
        return cpus
    }

    /// Creates a pool of free CPUs run by `scheduler` (`libxl_cpupool_create`).
    /// - Returns: the new pool's ID, which Xen chooses.
    /// - Throws: `XenlightError.invalid` for an empty name; libxl's error when a CPU is not free.
    public func createCPUPool(
        named name: String, scheduler: Scheduler, cpus: Bitmap, uuid: UUID = UUID()
    ) throws(XenlightError) -> UInt32 {
        guard !name.isEmpty else { throw XenlightError.invalid.in("libxl_cpupool_create") }
        var poolID = CPUPool.anyID
        try check(
            Calls.cpupoolCreate(handle, name, scheduler, cpus, uuid, &poolID), "libxl_cpupool_create")
        return poolID
    }

    /// Destroys an empty pool, freeing its CPUs (`libxl_cpupool_destroy`).
    public func destroyCPUPool(_ pool: UInt32) throws(XenlightError) {
        try check(Calls.cpupoolDestroy(handle, pool), "libxl_cpupool_destroy")
    }

    /// Renames a pool (`libxl_cpupool_rename`).
    /// - Throws: `XenlightError.invalid` for an empty name.
    public func renameCPUPool(_ pool: UInt32, to name: String) throws(XenlightError) {
        guard !name.isEmpty else { throw XenlightError.invalid.in("libxl_cpupool_rename") }
        try check(Calls.cpupoolRename(handle, name, pool), "libxl_cpupool_rename")
    }

    /// One pool's name, scheduler, CPUs and domain count (`libxl_cpupool_info`).
    public func cpuPoolInfo(_ pool: UInt32) throws(XenlightError) -> CpupoolInfo {
        try CpupoolInfo.withInitializedC { info throws(XenlightError) in
            try check(Calls.cpupoolInfo(handle, info, pool), "libxl_cpupool_info")
            return CpupoolInfo(fromC: info.pointee)
        }
    }

    /// Moves a domain into a pool (`libxl_cpupool_movedomain`).
    public func move(_ domain: Domid, toCPUPool pool: UInt32) throws(XenlightError) {
        try check(Calls.cpupoolMoveDomain(handle, pool, domain.rawValue), "libxl_cpupool_movedomain")
    }
}

/// Moving CPUs between pools.
extension Context {
    /// Adds a free CPU to a pool (`libxl_cpupool_cpuadd`).
    public func addCPU(_ cpu: Int, toCPUPool pool: UInt32) throws(XenlightError) {
        let number = try CPUPool.number(cpu, "libxl_cpupool_cpuadd")
        try check(Calls.cpupoolCPUAdd(handle, pool, number), "libxl_cpupool_cpuadd")
    }

    /// Takes a CPU out of a pool, leaving it free (`libxl_cpupool_cpuremove`).
    public func removeCPU(_ cpu: Int, fromCPUPool pool: UInt32) throws(XenlightError) {
        let number = try CPUPool.number(cpu, "libxl_cpupool_cpuremove")
        try check(Calls.cpupoolCPURemove(handle, pool, number), "libxl_cpupool_cpuremove")
    }

    /// Adds every free CPU of a NUMA node to a pool (`libxl_cpupool_cpuadd_node`).
    /// - Returns: how many CPUs were added.
    @discardableResult
    public func addCPUs(ofNode node: Int, toCPUPool pool: UInt32) throws(XenlightError) -> Int {
        let number = try CPUPool.number(node, "libxl_cpupool_cpuadd_node")
        var count: CInt = 0
        try check(Calls.cpupoolCPUAddNode(handle, pool, number, &count), "libxl_cpupool_cpuadd_node")
        return Int(count)
    }

    /// Takes every CPU of a NUMA node out of a pool (`libxl_cpupool_cpuremove_node`).
    /// - Returns: how many CPUs were removed.
    @discardableResult
    public func removeCPUs(ofNode node: Int, fromCPUPool pool: UInt32) throws(XenlightError) -> Int {
        let number = try CPUPool.number(node, "libxl_cpupool_cpuremove_node")
        var count: CInt = 0
        try check(Calls.cpupoolCPURemoveNode(handle, pool, number, &count), "libxl_cpupool_cpuremove_node")
        return Int(count)
    }

    /// Adds several free CPUs to a pool (`libxl_cpupool_cpuadd_cpumap`).
    public func addCPUs(_ cpus: Bitmap, toCPUPool pool: UInt32) throws(XenlightError) {
        guard !cpus.isEmpty else { throw XenlightError.invalid.in("libxl_cpupool_cpuadd_cpumap") }
        try check(Calls.cpupoolCPUAddMap(handle, pool, cpus), "libxl_cpupool_cpuadd_cpumap")
    }

    /// Takes several CPUs out of a pool (`libxl_cpupool_cpuremove_cpumap`).
    public func removeCPUs(_ cpus: Bitmap, fromCPUPool pool: UInt32) throws(XenlightError) {
        guard !cpus.isEmpty else { throw XenlightError.invalid.in("libxl_cpupool_cpuremove_cpumap") }
        try check(Calls.cpupoolCPURemoveMap(handle, pool, cpus), "libxl_cpupool_cpuremove_cpumap")
    }
}

/// Pool-wide parameters of the credit and credit2 schedulers; libxl answers `ERROR_INVAL` for a pool
/// run by another scheduler.
extension Context {
    /// The credit scheduler's time slice, rate limit and migration delay (`libxl_sched_credit_params_get`).
    public func creditParameters(ofCPUPool pool: UInt32) throws(XenlightError) -> SchedCreditParams {
        try SchedCreditParams.withInitializedC { params throws(XenlightError) in
            try check(Calls.schedCreditParamsGet(handle, pool, params), "libxl_sched_credit_params_get")
            return SchedCreditParams(fromC: params.pointee)
        }
    }

    /// `libxl_sched_credit_params_set`
    public func setCreditParameters(_ parameters: SchedCreditParams, ofCPUPool pool: UInt32) throws(XenlightError) {
        try parameters.withC { params throws(XenlightError) in
            try check(Calls.schedCreditParamsSet(handle, pool, params), "libxl_sched_credit_params_set")
        }
    }

    /// The credit2 scheduler's rate limit (`libxl_sched_credit2_params_get`).
    public func credit2Parameters(ofCPUPool pool: UInt32) throws(XenlightError) -> SchedCredit2Params {
        try SchedCredit2Params.withInitializedC { params throws(XenlightError) in
            try check(Calls.schedCredit2ParamsGet(handle, pool, params), "libxl_sched_credit2_params_get")
            return SchedCredit2Params(fromC: params.pointee)
        }
    }

    /// `libxl_sched_credit2_params_set`
    public func setCredit2Parameters(_ parameters: SchedCredit2Params, ofCPUPool pool: UInt32) throws(XenlightError) {
        try parameters.withC { params throws(XenlightError) in
            try check(Calls.schedCredit2ParamsSet(handle, pool, params), "libxl_sched_credit2_params_set")
        }
    }
}

/// Constants and checks for the pool calls.
public enum CPUPool {
    /// `Pool-0`, which holds every CPU at boot.
    public static let primaryID: UInt32 = 0
    /// `LIBXL_CPUPOOL_POOLID_ANY`: Xen chooses the new pool's ID.
    static let anyID: UInt32 = 0xFFFF_FFFF

    /// A CPU or node number as libxl's `int`; negative or oversized numbers are `ERROR_INVAL` here,
    /// before libxl would turn them into a bitmap index.
    static func number(_ value: Int, _ function: String) throws(XenlightError) -> CInt {
        guard let number = CInt(exactly: value), number >= 0 else { throw XenlightError.invalid.in(function) }
        return number
    }
}
