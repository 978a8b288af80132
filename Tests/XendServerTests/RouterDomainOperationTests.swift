import Logging
import Testing
import XendModel

@testable import XendServer

/// Every op of `/xend/domain/<dom>` (docs/protocol.md#domain-ops) against the simulated host: status, body,
/// and the effect on the host.
@Suite("Router: domain ops")
struct RouterDomainOperationTests {
    @Test("GET gives the record plus '' by name, id and uuid; ?detail is ignored; other GET ops are ignored")
    func record() throws {
        let host = try RouterHost()
        let byName = host.get("/xend/domain/vm1?detail=1")
        #expect(byName.text.hasPrefix("(domain (domid 3) (cpu_weight 256) (cpu_cap 0)"))
        #expect(byName.text.hasSuffix(")''"))
        for target in [
            "/xend/domain/3", "/xend/domain/%203", "/xend/domain/+3", "/xend/domain/\(RouterHost.vm1UUID)",
            "/xend/domain/vm1?op=pause",
        ] {
            #expect(host.get(target).text == byName.text, "\(target)")
        }
        #expect(host.get("/xend/domain/vm2").text.contains("(name vm2)"))
        #expect(host.get("/xend/domain/\(RouterHost.vm2UUID)").text.contains("(name vm2)"))
        #expect(host.get("/xend/domain?state=running").text == "(Domain-0 vm1)")
    }

    @Test("an unknown domain is 404 <Fault 3: 'x'> for GET and every POST")
    func unknownDomain() throws {
        let host = try RouterHost()
        for response in [
            host.get("/xend/domain/nosuch"), host.post("/xend/domain/nosuch", "op=pause"),
            host.post("/xend/domain/42", "op=frobnicate"),
        ] {
            #expect(response.status == 404)
            #expect(response.contentType == "text/plain")
        }
        #expect(host.get("/xend/domain/it's").text == "<Fault 3: \"it's\">")
    }

    @Test("pause and unpause change the state; Domain-0 is refused")
    func pauseUnpause() throws {
        let host = try RouterHost()
        #expect(host.post("/xend/domain/vm1", "op=pause").status == 200)
        #expect(host.get("/xend/domain/vm1").text.contains("(state --p---)"))
        let unpause = host.post("/xend/domain/vm1", "op=unpause")
        #expect(unpause.status == 200 && unpause.body.isEmpty && unpause.contentType == nil)
        #expect(!host.get("/xend/domain/vm1").text.contains("--p---"))
        let domain0 = host.post("/xend/domain/0", "op=unpause")
        #expect(domain0.status == 500)
        #expect(domain0.text == "(xend.err 'Cannot unpause privileged domain 0')")
        #expect(
            host.post("/xend/domain/Domain-0", "op=destroy").text == "(xend.err 'Cannot destroy privileged domain 0')")
    }

    @Test("ops on a halted managed domain that need it running say so")
    func haltedDomain() throws {
        let host = try RouterHost()
        let response = host.post("/xend/domain/vm2", "op=pause")
        #expect(response.status == 500)
        #expect(response.text == "(xend.err 'Domain is not running')")
    }

    @Test(
        "accepted ops answer 202 with Location <path>/.. and an empty body",
        arguments: [
            "op=shutdown&reason=poweroff", "op=shutdown&reason=reboot", "op=shutdown&reason=halt",
            "op=destroy", "op=reset", "op=rename&name=vm9", "op=sysrq&key=115", "op=wait_for_devices",
        ])
    func accepted(body: String) throws {
        let host = try RouterHost()
        let response = host.post("/xend/domain/vm1", body)
        #expect(response.status == 202)
        #expect(response.headers["Location"] == "http://localhost:8080/xend/domain/vm1/..")
        #expect(response.body.isEmpty)
        #expect(response.contentType == nil)
    }

    @Test("shutdown takes effect once the guest obeys; destroy at once; rename renames")
    func lifecycleEffects() throws {
        let host = try RouterHost()
        #expect(host.post("/xend/domain/vm1", "op=shutdown&reason=poweroff").status == 202)
        host.clock.advance(by: 5)
        #expect(host.get("/xend/domain/vm1").status == 404)
        let second = try RouterHost()
        #expect(second.post("/xend/domain/vm1", "op=rename&name=web").status == 202)
        #expect(second.get("/xend/domain").text == "(Domain-0 web)")
        #expect(second.post("/xend/domain/web", "op=destroy").status == 202)
        #expect(second.get("/xend/domain").text == "(Domain-0)")
    }

    @Test("rename and sysrq errors keep the Location of the accepted op")
    func acceptedErrors() throws {
        let host = try RouterHost()
        let badName = host.post("/xend/domain/vm1", "op=rename&name=a b")
        #expect(badName.status == 500)
        #expect(badName.text == "(xend.err 'Invalid VM Name')")
        #expect(badName.headers["Location"] != nil)
        #expect(host.post("/xend/domain/vm1", "op=rename").text == "(xend.err \"'name'\")")
        #expect(host.post("/xend/domain/vm1", "op=sysrq").text == "(xend.err 'Missing parameter: key')")
    }

    @Test("memory, vcpu and pinning ops answer as the original and change the record")
    func resources() throws {
        let host = try RouterHost()
        let maxmem = host.post("/xend/domain/vm1", "op=maxmem_set&memory=1024")
        #expect(maxmem.status == 200 && maxmem.text == "0")
        #expect(host.get("/xend/domain/vm1").text.contains("(maxmem 1024)"))
        let target = host.post("/xend/domain/vm1", "op=mem_target_set&target=768")
        #expect(target.status == 200 && target.body.isEmpty)
        #expect(host.get("/xend/domain/vm1").text.contains("(memory 768)"))
        #expect(
            host.post("/xend/domain/vm1", "op=mem_target_set&target=-5").text == "(xend.err 'Invalid memory size: -5')")
        #expect(host.post("/xend/domain/vm1", "op=set_vcpus&vcpus=1").status == 200)
        #expect(host.post("/xend/domain/vm1", "op=set_vcpus&vcpus=4").status == 500)
        #expect(host.post("/xend/domain/vm1", "op=pincpu&vcpu=all&cpumap=1").text == "0")
        #expect(host.get("/xend/domain/vm1?op=vcpuinfo").text.contains("(cpumap (1))"))
        #expect(host.post("/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=0,2").text == "0")
        #expect(host.get("/xend/domain/vm1").text.contains("(cpus ((0 2)))"))
        // 3.0.x's bracketed form is pinned too (docs/compatibility.md).
        #expect(host.post("/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=[1,3]").text == "0")
        #expect(host.get("/xend/domain/vm1").text.contains("(cpus ((1 3)))"))
    }

    @Test("vcpuinfo by GET and POST; an inactive domain gets zeros and cpu -1")
    func vcpuinfo() throws {
        let host = try RouterHost()
        let viaGet = host.get("/xend/domain/vm1?op=vcpuinfo").text
        #expect(viaGet.hasPrefix("(domain (domid 3) (name vm1) (vcpu_count 1) (vcpu (number 0) (online 1)"))
        #expect(host.post("/xend/domain/vm1", "op=vcpuinfo").text == viaGet)
        let inactive = host.get("/xend/domain/vm2?op=vcpuinfo").text
        #expect(
            inactive.hasPrefix(
                "(domain (name vm2) (vcpu_count 2) (vcpu (number 0) (online 0) (blocked 0) (running 0) (cpu_time 0.0) (cpu -1) (cpumap (0 1 2"
            ))
    }

    @Test("credit scheduler ops work; credit2 and sedf fail as libxc did on a credit host; vif_limit_set is gone")
    func scheduling() throws {
        let host = try RouterHost()
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit_get").text == "\"{'cap': 0, 'weight': 256}\"")
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit_set&weight=512&cap=50").text == "0")
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit_get").text == "\"{'cap': 50, 'weight': 512}\"")
        #expect(host.get("/xend/domain/vm1").text.contains("(cpu_weight 512) (cpu_cap 50)"))
        #expect(
            host.post("/xend/domain/vm1", "op=domain_sched_credit_set&weight=512").text
                == "(xend.err 'Missing parameter: cap')")
        #expect(host.post("/xend/domain/vm2", "op=domain_sched_credit_get").text == "\"{'cap': 0, 'weight': 256}\"")
        for body in [
            "op=domain_sched_credit2_get", "op=domain_sched_credit2_set&weight=5", "op=cpu_sedf_get",
            "op=cpu_sedf_set&period=1&slice=1&latency=1&extratime=0&weight=0",
        ] {
            let response = host.post("/xend/domain/vm1", body)
            #expect(response.status == 500)
            #expect(response.text == "(xend.err \"(22, 'Invalid argument')\")")
        }
        #expect(
            host.post("/xend/domain/vm1", "op=cpu_sedf_set&period=1").text == "(xend.err 'Missing parameter: slice')")
        #expect(
            host.post("/xend/domain/vm1", "op=vif_limit_set&vif=0&credit=1&period=1").text
                == "(xend.err \"'XendDomain' object has no attribute 'domain_vif_limit_set'\")")
    }

    @Test("devices: create, list, configure, destroy; configure is Unsupported; bad classes named")
    func devices() throws {
        let host = try RouterHost()
        let created = host.post(
            "/xend/domain/vm1", "op=device_create&config=(vbd (uname phy:/dev/vg0/vm1b) (dev xvdb) (mode w))")
        #expect(created.text == "(vbd (dom 3 id 51728))")
        host.clock.advance(by: 1)
        #expect(host.post("/xend/domain/vm1", "op=devices&type=vbd").text.contains("(51728 ("))
        #expect(
            host.post("/xend/domain/vm1", "op=devices&type=floppy").text == "(xend.err 'unknown device type: floppy')")
        // 3.0.x's form without force and rm_cfg: a device that is closing is no longer found.
        let old = host.post("/xend/domain/vm1", "op=device_destroy&type=vbd&dev=51728")
        #expect(old.status == 200 && old.body.isEmpty)
        let again = host.post("/xend/domain/vm1", "op=device_destroy&type=vbd&dev=xvdb&force=0&rm_cfg=1")
        #expect(again.text == "(xend.err 'Device xvdb is not defined')")
        #expect(
            host.post("/xend/domain/vm1", "op=device_create&config=(vbd (uname phy:/dev/sr0) (dev hdc:cdrom) (mode r))")
                .status == 200)
        let configured = host.post(
            "/xend/domain/vm1",
            "op=device_configure&config=(vbd (uname phy:/dev/cdrom) (dev hdc:cdrom) (mode r))&dev=5632")
        #expect(configured.text == "True")
        #expect(host.post("/xend/domain/vm1", "op=configure&config=(vm (memory 1))").text == "(xend.err Unsupported)")
        #expect(host.post("/xend/domain/vm1", "op=configure").text == "(xend.err 'Missing parameter: config')")
    }

    @Test("start and delete act on the managed domain; both are accepted ops")
    func managed() throws {
        let host = try RouterHost()
        let started = host.post("/xend/domain/vm2", "op=start&paused=1")
        #expect(started.status == 202)
        #expect(host.get("/xend/domain").text == "(Domain-0 vm1 vm2)")
        #expect(host.post("/xend/domain/vm2", "op=destroy").status == 202)
        #expect(host.post("/xend/domain/vm2", "op=delete").status == 202)
        #expect(host.get("/xend/domain/vm2").status == 404)
    }

    @Test("a request-supplied dom never retargets the op (the original's hole is closed)")
    func domOverride() throws {
        let host = try RouterHost()
        #expect(host.post("/xend/domain/vm1", "op=domain_sched_credit_set&weight=300&cap=0&dom=0").text == "0")
        #expect(host.get("/xend/domain/vm1").text.contains("(cpu_weight 300)"))
        #expect(host.get("/xend/domain/0").text.contains("(cpu_weight 256)"))
    }

    @Test("save and dump stay inside the save directory; a failing save is a 500 with the error in the body")
    func saveAndDump() throws {
        let host = try RouterHost()
        let outside = host.post("/xend/domain/vm1", "op=save&file=/etc/passwd")
        #expect(outside.status == 403)
        #expect(outside.text.hasPrefix("(xend.err '/etc/passwd is not inside the save directory"))
        let escape = host.post("/xend/domain/vm1", "op=save&file=\(host.saveDirectory)/../escape.chk")
        #expect(escape.status == 403)
        let domain0 = host.post("/xend/domain/0", "op=save&file=\(host.saveDirectory)/d0.chk")
        #expect(domain0.status == 500)
        #expect(domain0.reasonPhrase == "Request failed: save")
        #expect(domain0.headers["Location"] != nil)
        #expect(domain0.text == "(xend.err 'Cannot save privileged domain 0')")
        #expect(host.post("/xend/domain/vm1", "op=save").text == "(xend.err \"'file'\")")
        let dump = host.post("/xend/domain/vm1", "op=dump&file=\(host.saveDirectory)/vm1.core&live=1&crash=0&reset=0")
        #expect(dump.status == 202 && dump.body.isEmpty)
        #expect(access(host.saveDirectory + "/vm1.core", F_OK) == 0)
        // libvirt's form, without the 4.x-only `reset`, which the last xend refused.
        let libvirtDump = host.post("/xend/domain/vm1", "op=dump&file=\(host.saveDirectory)/x.core&live=0&crash=0")
        #expect(libvirtDump.status == 202 && libvirtDump.body.isEmpty)
        #expect(access(host.saveDirectory + "/x.core", F_OK) == 0)
    }

    @Test("migrate to an unreachable destination gives the original's text with 500; the domain stays")
    func migrate() throws {
        let port = try closedLoopbackPort()
        let host = try RouterHost(relocationPort: port)
        let arguments = "live=1&node=-1&ssl=0&change_home_server=0&resource=0"
        let refused = host.post("/xend/domain/vm1", "op=migrate&destination=127.0.0.1&port=0&\(arguments)")
        #expect(refused.status == 500)
        #expect(refused.text == "(xend.err \"can't connect: Connection refused\")")
        // xm 3.0.x's form: destination, live and resource only.
        let xm = host.post("/xend/domain/vm1", "op=migrate&destination=127.0.0.1&live=1&resource=0")
        #expect(xm.status == 500)
        #expect(xm.text == "(xend.err \"can't connect: Connection refused\")")
        let domain0 = host.post("/xend/domain/0", "op=migrate&destination=127.0.0.1&port=0&\(arguments)")
        #expect(domain0.text == "(xend.err 'Cannot migrate privileged domain 0')")
        #expect(
            host.post("/xend/domain/vm1", "op=migrate&destination=x").text == "(xend.err 'Missing parameter: live')")
        #expect(host.get("/xend/domain").text == "(Domain-0 vm1)")
    }

    @Test("migrate to another host's relocation server: 200, empty, and the domain moves there")
    func migrateReachable() throws {
        let destination = try RouterHost(populated: false)
        var configuration = RelocationServer.Configuration()
        configuration.port = 0
        var logger = Logger(label: "test-relocation")
        logger.logLevel = .critical
        let relocation = try RelocationServer(
            configuration: configuration, backend: destination.hypervisor, logger: logger)
        defer { relocation.stop() }
        let host = try RouterHost()
        let response = host.post(
            "/xend/domain/vm1",
            "op=migrate&destination=127.0.0.1&port=\(relocation.port)&live=0&node=-1&ssl=0&change_home_server=0")
        #expect(response.status == 200)
        #expect(response.text == "")
        #expect(host.get("/xend/domain").text == "(Domain-0)")
        // The receiver sends `done` before it unpauses the guest (it never runs on both hosts), so the
        // sender's 200 can come a moment before the destination lists it as running.
        _ = MHDServerLifecycleTests.eventually { destination.get("/xend/domain").text == "(Domain-0 vm1)" }
        #expect(destination.get("/xend/domain").text == "(Domain-0 vm1)")
        #expect(destination.get("/xend/domain/vm1").text.contains("(uuid \(RouterHost.vm1UUID))"))
    }

    @Test("POST ops need exactly one op: none or two is 406 ''; an unknown op is 501")
    func opRules() throws {
        let host = try RouterHost()
        for body in ["foo=bar", "op=pause&op=unpause", ""] {
            let response = host.post("/xend/domain/vm1", body)
            #expect(response.status == 406)
            #expect(response.text == "''")
            #expect(response.contentType == "application/sxp")
        }
        let unknown = host.post("/xend/domain/vm1", "op=frobnicate")
        #expect(unknown.status == 501)
        #expect(unknown.text == "Operation not implemented: frobnicate''")
        let viaQuery = host.send("POST", "/xend/domain/vm1?op=pause")
        #expect(viaQuery.status == 200)
        #expect(host.get("/xend/domain/vm1").text.contains("--p---"))
    }
}

#if canImport(Glibc)
    import Glibc
#endif
