import Xenlight

/// Node affinity, pinning every vcpu, and CPU pools with the guest in them.
///
/// One CPU ("spare", Pool-0's highest) leaves Pool-0 and serves in turn a credit2 pool (the node and cpumap
/// calls, credit2 parameters, the guest moved in and back) and an RTDS pool (the per-vcpu parameters, which
/// libxl 4.17 has only for RTDS); a credit pool without CPUs shows the credit parameters. Each pool is
/// destroyed and the CPU goes back to Pool-0, which must then hold every CPU again. Without RTDS in the
/// hypervisor, the per-vcpu calls are shown to reach libxl, which refuses them for the other schedulers.
struct PoolSteps {
    let context: Context
    let runner: ExerciseRunner

    func run(on domain: Domid) {
        affinity(domain)
        guard let all = try? context.cpuPoolInfo(CPUPool.primaryID).cpumap, all.indices.count >= 2,
            let spare = all.indices.last
        else {
            for name in Self.poolCalls {
                runner.skip(name, "Pool-0 has fewer than 2 CPUs, so none can leave it for a second pool")
            }
            return
        }
        runner.expect("libxl_cpupool_cpuremove") {
            try context.removeCPU(spare, fromCPUPool: CPUPool.primaryID)
            return try context.freeCPUs().contains(spare) ? nil : "CPU \(spare) is not free afterwards"
        }
        credit2Pool(spare, domain)
        creditPool()
        rtdsPool(spare, domain)
        runner.expect("libxl_cpupool_cpuadd") {
            try context.addCPU(spare, toCPUPool: CPUPool.primaryID)
            let cpus = try context.cpuPoolInfo(CPUPool.primaryID).cpumap
            return cpus == all ? nil : "Pool-0 has CPUs \(cpus.indices), had \(all.indices)"
        }
    }

    static let poolCalls = [
        "libxl_cpupool_cpuremove", "libxl_cpupool_create", "libxl_cpupool_rename", "libxl_cpupool_movedomain",
        "libxl_sched_credit2_params_get", "libxl_sched_credit2_params_set", "libxl_sched_credit_params_get",
        "libxl_sched_credit_params_set", "libxl_cpupool_cpuadd_node", "libxl_cpupool_cpuremove_node",
        "libxl_cpupool_cpuadd_cpumap", "libxl_cpupool_cpuremove_cpumap", "libxl_vcpu_sched_params_get",
        "libxl_vcpu_sched_params_set", "libxl_vcpu_sched_params_get_all", "libxl_vcpu_sched_params_set_all",
        "libxl_cpupool_destroy", "libxl_cpupool_cpuadd",
    ]

    private func affinity(_ domain: Domid) {
        runner.expect("libxl_domain_get_nodeaffinity") {
            try context.nodeAffinity(of: domain).isEmpty ? "no nodes" : nil
        }
        runner.expect("libxl_domain_set_nodeaffinity") {
            try context.setNodeAffinity([0], for: domain)
            let nodes = try context.nodeAffinity(of: domain)
            return nodes == [0] ? nil : "nodes \(nodes.indices) after setting [0]"
        }
        runner.expect("libxl_set_vcpuaffinity_all") {
            let cpus = Bitmap(0..<(try context.onlineCPUs()))
            try context.setAffinity(ofAllVCPUs: 1, in: domain, hard: cpus)
            let hard = try context.vcpus(of: domain).first?.cpumap
            return hard.map { cpus.indices.allSatisfy($0.contains) } == true
                ? nil : "vcpu 0 pinned to \(hard?.indices ?? [])"
        }
    }

    /// Creates a pool of `spare` run by `scheduler`, runs `body`, then destroys it (checking the CPU is free).
    private func withPool(_ scheduler: Scheduler, cpus: Bitmap, _ body: (UInt32) -> Void) {
        let label = scheduler.libxlString ?? "\(scheduler.rawValue)"
        let name = "xenlight-exercise-\(label)"
        guard
            let pool = runner.step(
                "libxl_cpupool_create (\(label))",
                { try context.createCPUPool(named: name, scheduler: scheduler, cpus: cpus) })
        else { return }
        runner.expect("libxl_cpupool_info (\(label) pool)") {
            let info = try context.cpuPoolInfo(pool)
            return info.sched == scheduler && info.cpumap == cpus && info.poolName == name
                ? nil : "pool \(info.poolName ?? "nil"), scheduler \(info.sched), CPUs \(info.cpumap.indices)"
        }
        body(pool)
        runner.expect("libxl_cpupool_destroy (\(label))") {
            let cpus = try context.cpuPoolInfo(pool).cpumap
            try context.destroyCPUPool(pool)
            if try context.cpuPools().contains(where: { $0.poolid == pool }) { return "pool \(pool) still listed" }
            let free = try context.freeCPUs()
            return cpus.indices.allSatisfy(free.contains) ? nil : "CPUs \(cpus.indices) not free; free: \(free.indices)"
        }
    }

    private func moveGuest(_ domain: Domid, into pool: UInt32, _ label: String) -> Bool {
        var moved = false
        runner.expect("libxl_cpupool_movedomain (into the \(label) pool)") {
            try context.move(domain, toCPUPool: pool)
            let now = try context.domainInfo(domain).cpupool
            moved = now == pool
            return moved ? nil : "the guest is in pool \(now)"
        }
        return moved
    }

    private func moveGuestBack(_ domain: Domid) {
        runner.expect("libxl_cpupool_movedomain (back to Pool-0)") {
            try context.move(domain, toCPUPool: CPUPool.primaryID)
            let now = try context.domainInfo(domain).cpupool
            return now == CPUPool.primaryID ? nil : "the guest is in pool \(now)"
        }
    }

    private func credit2Pool(_ spare: Int, _ domain: Domid) {
        // Created empty: the node and cpumap calls move the spare CPU in and out, and it is in while the
        // guest visits.
        withPool(.credit2, cpus: []) { pool in
            moveSpare(spare, pool)
            runner.expect("libxl_cpupool_rename") {
                try context.renameCPUPool(pool, to: "xenlight-exercise-renamed")
                let name = try context.cpuPoolInfo(pool).poolName
                return name == "xenlight-exercise-renamed" ? nil : "name is \(name ?? "nil")"
            }
            if let before = runner.step(
                "libxl_sched_credit2_params_get", { try context.credit2Parameters(ofCPUPool: pool) })
            {
                runner.expect("libxl_sched_credit2_params_set") {
                    var changed = before
                    changed.ratelimitUs = before.ratelimitUs == 2000 ? 3000 : 2000
                    try context.setCredit2Parameters(changed, ofCPUPool: pool)
                    let after = try context.credit2Parameters(ofCPUPool: pool)
                    return after == changed ? nil : "read back \(after), set \(changed)"
                }
            }
            if moveGuest(domain, into: pool, "credit2") { moveGuestBack(domain) }
            runner.expect("libxl_cpupool_cpuremove_cpumap") {
                try context.removeCPUs([spare], fromCPUPool: pool)
                let cpus = try context.cpuPoolInfo(pool).cpumap
                return cpus.isEmpty ? nil : "pool still has CPUs \(cpus.indices)"
            }
        }
    }

    /// Moves the spare CPU into the empty pool by node, out by node, and in again by cpumap.
    private func moveSpare(_ spare: Int, _ pool: UInt32) {
        runner.expect("libxl_cpupool_cpuadd_node") {
            let added = try context.addCPUs(ofNode: 0, toCPUPool: pool)
            let cpus = try context.cpuPoolInfo(pool).cpumap
            return added == 1 && cpus == [spare] ? nil : "\(added) added, pool has CPUs \(cpus.indices)"
        }
        runner.expect("libxl_cpupool_cpuremove_node") {
            let removed = try context.removeCPUs(ofNode: 0, fromCPUPool: pool)
            let cpus = try context.cpuPoolInfo(pool).cpumap
            return removed == 1 && cpus.isEmpty ? nil : "\(removed) removed, pool has CPUs \(cpus.indices)"
        }
        runner.expect("libxl_cpupool_cpuadd_cpumap") {
            try context.addCPUs([spare], toCPUPool: pool)
            let cpus = try context.cpuPoolInfo(pool).cpumap
            return cpus == [spare] ? nil : "pool has CPUs \(cpus.indices)"
        }
    }

    private func creditPool() {
        // Kept without CPUs: Xen 4.17's credit scheduler once panicked (csched_tick, FATAL PAGE FAULT) when
        // a CPU left a credit pool (docs/xenlight-coverage.md). The pool-wide parameters need no CPU.
        withPool(.credit, cpus: []) { pool in
            guard
                let before = runner.step(
                    "libxl_sched_credit_params_get", { try context.creditParameters(ofCPUPool: pool) })
            else { return }
            runner.expect("libxl_sched_credit_params_set") {
                var changed = before
                changed.ratelimitUs = before.ratelimitUs == 500 ? 600 : 500
                try context.setCreditParameters(changed, ofCPUPool: pool)
                let after = try context.creditParameters(ofCPUPool: pool)
                return after == changed ? nil : "read back \(after), set \(changed)"
            }
        }
    }

    private func rtdsPool(_ spare: Int, _ domain: Domid) {
        // Debian builds Xen 4.17 with credit and credit2 only; libxl then fails to create an RTDS pool.
        let pool: UInt32
        do {
            pool = try context.createCPUPool(named: "xenlight-exercise-rtds", scheduler: .rtds, cpus: [spare])
        } catch {
            runner.skip(
                "libxl_cpupool_create (rtds)",
                "this Xen has no RTDS scheduler (\(error)); Debian's Xen 4.17 has only credit and credit2")
            vcpuCallsRefused(domain)
            return
        }
        guard moveGuest(domain, into: pool, "RTDS") else {
            _ = try? context.destroyCPUPool(pool)
            return
        }
        rtdsCalls(domain)
        moveGuestBack(domain)
        runner.step("libxl_cpupool_destroy (rtds)") { try context.destroyCPUPool(pool) }
    }

    /// libxl 4.17 has per-vcpu parameters only for RTDS and refuses them with `ERROR_INVAL` for every other
    /// scheduler: on a host without RTDS, that refusal is what the wrappers can show.
    private func vcpuCallsRefused(_ domain: Domid) {
        let scheduler = (try? context.cpuPoolInfo(CPUPool.primaryID))?.sched.libxlString ?? "Pool-0's scheduler"
        let calls: [(String, () throws -> Void)] = [
            ("libxl_vcpu_sched_params_get", { _ = try context.schedulerParameters(ofVCPUs: [0], in: domain) }),
            ("libxl_vcpu_sched_params_get_all", { _ = try context.schedulerParametersOfAllVCPUs(in: domain) }),
            ("libxl_vcpu_sched_params_set", { try context.setSchedulerParameters(Self.rtdsRequest(), for: domain) }),
            (
                "libxl_vcpu_sched_params_set_all",
                { try context.setSchedulerParametersOfAllVCPUs(Self.rtdsRequest().vcpus[0], in: domain) }
            ),
        ]
        for (name, call) in calls {
            runner.expect("\(name) (refused for \(scheduler): libxl 4.17 has per-vcpu parameters only for RTDS)") {
                do {
                    try call()
                    return "accepted for \(scheduler)"
                } catch let error as XenlightError {
                    return error ~= .invalid && error.function == name ? nil : "\(error)"
                }
            }
        }
    }

    private static func rtdsRequest() -> VCPUSchedParams {
        var request = VCPUSchedParams()
        var vcpu = SchedParams()
        vcpu.vcpuid = 0
        vcpu.period = 20000
        vcpu.budget = 8000
        request.vcpus = [vcpu]
        return request
    }

    private func rtdsCalls(_ domain: Domid) {
        runner.expect("libxl_vcpu_sched_params_get") {
            let params = try context.schedulerParameters(ofVCPUs: [0], in: domain)
            return params.sched == .rtds && params.vcpus.count == 1 && params.vcpus[0].budget > 0
                ? nil : "read \(params)"
        }
        runner.expect("libxl_vcpu_sched_params_set") {
            var request = Self.rtdsRequest()
            request.sched = .rtds
            try context.setSchedulerParameters(request, for: domain)
            let read = try context.schedulerParameters(ofVCPUs: [0], in: domain).vcpus.first
            return read?.period == 20000 && read?.budget == 8000 ? nil : "read back \(String(describing: read))"
        }
        runner.expect("libxl_vcpu_sched_params_set_all, libxl_vcpu_sched_params_get_all") {
            var all = SchedParams()
            all.period = 10000
            all.budget = 5000
            try context.setSchedulerParametersOfAllVCPUs(all, scheduler: .rtds, in: domain)
            let read = try context.schedulerParametersOfAllVCPUs(in: domain).vcpus
            return !read.isEmpty && read.allSatisfy({ $0.period == 10000 && $0.budget == 5000 })
                ? nil : "read back \(read)"
        }
    }
}
