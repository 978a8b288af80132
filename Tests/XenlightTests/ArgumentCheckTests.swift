import CLibxl
import Testing

@testable import Xenlight

/// Arguments the wrappers refuse with `ERROR_INVAL` before libxl sees them: on a placeholder context
/// these calls would otherwise reach libxc. Each test checks the error names the libxl function and that
/// the function was never called.
@Suite("Argument checks")
struct ArgumentCheckTests {
    /// Runs `body` on a context and expects `XenlightError.invalid` for `function`, which must not have run.
    private func expectRefused(_ function: String, _ body: (Context) throws -> Void) throws {
        try withContext(logger: CollectedLogs().logger()) { context -> Void in
            #expect {
                try body(context)
            } throws: { error in
                guard let error = error as? XenlightError else { return false }
                return error ~= .invalid && error.function == function
            }
        }
        #expect(!CallTrace.recorded.contains(function), "\(function) was called")
    }

    @Test("node affinity needs at least one node")
    func nodeAffinity() throws {
        try expectRefused("libxl_domain_set_nodeaffinity") { try $0.setNodeAffinity([], for: Domid(1)) }
    }

    @Test("pinning every vcpu needs a positive count and a map", arguments: [(0, true), (-1, true), (1, false)])
    func affinityAll(_ count: Int, _ withMap: Bool) throws {
        try expectRefused("libxl_set_vcpuaffinity_all") {
            try $0.setAffinity(ofAllVCPUs: count, in: Domid(1), hard: withMap ? [0] : nil, soft: nil)
        }
    }

    @Test("per-vcpu parameters need vcpus with valid IDs", arguments: [[], [-1], [0, Int(Int32.max) + 1]])
    func vcpuQuery(_ vcpus: [Int]) throws {
        try expectRefused("libxl_vcpu_sched_params_get") {
            _ = try $0.schedulerParameters(ofVCPUs: vcpus, in: Domid(1))
        }
    }

    @Test("setting per-vcpu parameters needs at least one vcpu")
    func vcpuSet() throws {
        try expectRefused("libxl_vcpu_sched_params_set") {
            try $0.setSchedulerParameters(VCPUSchedParams(), for: Domid(1))
        }
    }

    @Test("CPU and node numbers must fit libxl's int and not be negative")
    func cpuNumbers() throws {
        try expectRefused("libxl_cpupool_cpuadd") { try $0.addCPU(-1, toCPUPool: 0) }
        try expectRefused("libxl_cpupool_cpuremove") { try $0.removeCPU(Int(Int32.max) + 1, fromCPUPool: 0) }
        try expectRefused("libxl_cpupool_cpuadd_node") { try $0.addCPUs(ofNode: -2, toCPUPool: 0) }
        try expectRefused("libxl_cpupool_cpuremove_node") { try $0.removeCPUs(ofNode: -1, fromCPUPool: 0) }
        try expectRefused("libxl_cpupool_cpuadd_cpumap") { try $0.addCPUs(Bitmap(), toCPUPool: 0) }
        try expectRefused("libxl_cpupool_cpuremove_cpumap") { try $0.removeCPUs(Bitmap(), fromCPUPool: 0) }
    }

    @Test("pools need a name")
    func poolNames() throws {
        try expectRefused("libxl_cpupool_create") {
            _ = try $0.createCPUPool(named: "", scheduler: .credit2, cpus: [1])
        }
        try expectRefused("libxl_cpupool_rename") { try $0.renameCPUPool(1, to: "") }
    }

    @Test("debug keys are printable ASCII", arguments: ["", "h\n", "q é", "\u{0}"])
    func debugKeys(_ keys: String) throws {
        try expectRefused("libxl_send_debug_keys") { try $0.sendDebugKeys(keys) }
    }

    @Test("a per-vcpu query becomes entries carrying only the vcpu IDs, in libxl's C value and JSON")
    func vcpuQueryValue() throws {
        let request = try VCPUSchedParams(querying: [0, 3], for: "f")
        #expect(request.vcpus.map(\.vcpuid) == [0, 3])
        #expect(request.vcpus.allSatisfy { $0.weight == SchedParams().weight && $0.period == SchedParams().period })
        #expect(request.withC { ($0.pointee.num_vcpus, $0.pointee.vcpus[1].vcpuid) } == (2, 3))
        let json = try request.libxlJSON()
        #expect(json.filter { !$0.isWhitespace }.contains("\"vcpuid\":3"), "\(json)")
    }
}
