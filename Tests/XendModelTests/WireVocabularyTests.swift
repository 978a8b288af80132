import Testing
import XendModel

/// The op and parameter names are the protocol: each is pinned here in its wire spelling, so renaming a
/// Swift case cannot change what goes on the wire.
@Suite("Wire vocabulary")
struct WireVocabularyTests {
    static let domainOps = [
        "pause", "unpause", "shutdown", "destroy", "reset", "rename", "sysrq", "wait_for_devices", "start", "delete",
        "mem_target_set", "maxmem_set", "set_vcpus", "pincpu", "vcpuinfo", "domain_sched_credit_get",
        "domain_sched_credit_set", "domain_sched_credit2_get", "domain_sched_credit2_set", "cpu_sedf_get",
        "cpu_sedf_set", "vif_limit_set", "cpu_bvt_set", "devices", "device_create", "device_destroy",
        "device_configure", "device_refresh", "configure", "usb_add", "usb_del", "save", "dump", "migrate",
    ]

    @Test("every op has the wire spelling the daemon has always accepted")
    func spellings() {
        #expect(DomainOperation.allCases.map(\.rawValue) == Self.domainOps)
        #expect(DomainCollectionOperation.allCases.map(\.rawValue) == ["list", "create", "new", "restore"])
        #expect(NodeOperation.allCases.map(\.rawValue) == ["shutdown", "reboot", "cpu_bvt_slice_set"])
        #expect(DmesgOperation.allCases.map(\.rawValue) == ["clear"])
        #expect(VnetOperation.allCases.map(\.rawValue) == ["create"])
    }

    @Test("every op round-trips through its wire spelling, and other spellings are no op")
    func roundTrip() {
        func check<Op: WireOperation>(_: Op.Type) {
            for op in Op.allCases { #expect(Op(rawValue: op.rawValue) == op) }
            #expect(Set(Op.allCases.map(\.rawValue)).count == Op.allCases.count)
            for other in ["", "PAUSE", "Pause", " pause", "frobnicate", "maxmem-set"] {
                #expect(Op(rawValue: other) == nil, "\(Op.self) \(other)")
            }
        }
        check(DomainOperation.self)
        check(DomainCollectionOperation.self)
        check(NodeOperation.self)
        check(DmesgOperation.self)
        check(VnetOperation.self)
    }

    @Test("parameter names keep the original's spelling")
    func parameters() {
        let pinned: [(RequestParameter, String)] = [
            (.op, "op"), (.state, "state"), (.detail, "detail"), (.config, "config"), (.type, "type"), (.dev, "dev"),
            (.force, "force"), (.removeFromConfig, "rm_cfg"), (.reason, "reason"), (.name, "name"), (.key, "key"),
            (.target, "target"), (.memory, "memory"), (.vcpus, "vcpus"), (.vcpu, "vcpu"), (.cpumap, "cpumap"),
            (.weight, "weight"), (.cap, "cap"), (.period, "period"), (.slice, "slice"), (.latency, "latency"),
            (.extratime, "extratime"), (.file, "file"), (.live, "live"), (.crash, "crash"), (.reset, "reset"),
            (.destination, "destination"), (.port, "port"), (.node, "node"), (.ssl, "ssl"),
            (.changeHomeServer, "change_home_server"), (.resource, "resource"),
        ]
        for (parameter, spelling) in pinned {
            #expect(parameter.rawValue == spelling)
            #expect(parameter.description == spelling)
        }
        #expect(Set(pinned.map(\.0)).count == pinned.count)
    }
}
