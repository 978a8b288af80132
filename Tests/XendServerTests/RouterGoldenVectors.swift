extension RouterGoldenVector {
    static let vm3Config =
        "(vm (name vm3) (uuid 0b1c2d3e-0000-4000-8000-000000000003) (memory 256) (vcpus 1) "
        + "(image (linux (kernel /boot/vmlinuz) (root /dev/xvda1) (args ro))) "
        + "(device (vbd (uname phy:/dev/vg0/vm3) (dev xvda) (mode w))) "
        + "(device (vif (mac 00:16:3e:00:00:03) (bridge xenbr0))))"
    static let simulated = "values are the simulated host's (see RouterHost), shapes and framing the original's"
    static let multipartBody =
        "--XyZ\r\nContent-Disposition: form-data; name=\"op\"\r\n\r\ncreate\r\n--XyZ\r\n"
        + "Content-Disposition: form-data; name=\"config\"\r\n\r\n"
        + "(vm (name vm5) (uuid 0b1c2d3e-0000-4000-8000-000000000005) (memory 64))\r\n--XyZ--\r\n"

    /// Every vector of docs/protocol.md#golden-vectors, in order; a few have two variants.
    static let all: [RouterGoldenVector] = [
        .get("01-GET-xend", "/xend/"),
        .get("01b-GET-root", "/"),
        .get("02-GET-xend-node", "/xend/node/", note: simulated),
        .get(
            "03-GET-xend-node-3.0.0-host", "/xend/node/",
            note: "the 3.0.0 shape is not served: this daemon is last xend (format 4)"),
        .get("04-GET-xend-domain", "/xend/domain"),
        .get("05-GET-xend-domain-state-halted", "/xend/domain?state=halted"),
        .get("06-GET-xend-domain-state-all", "/xend/domain/?state=all"),
        .get("07-GET-xend-domain-state-2", "/xend/domain?state=2"),
        .get(
            "08-GET-xend-domain-vm1-detail", "/xend/domain/vm1?detail=1", note: simulated + "; vm1 is on a cpu (r-----)"
        ),
        .get("09-GET-xend-domain-3", "/xend/domain/3", note: "byte-identical to #08"),
        .get(
            "09b-GET-xend-domain-uuid", "/xend/domain/6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f",
            note: "byte-identical to #08"),
        .get(
            "10-GET-xend-domain-vm1-3.0.0-host", "/xend/domain/vm1",
            note: "the 3.0.0 shape is not served; answered as last xend"),
        .get("11-GET-xend-domain-detail", "/xend/domain?detail=1", note: simulated),
        .get("12-GET-xend-domain-nosuch", "/xend/domain/nosuch?detail=1"),
        .post("13-POST-xend-domain-nosuch-pause", "/xend/domain/nosuch", "op=pause"),
        .get("14-GET-xend-domain-vm1-vcpuinfo", "/xend/domain/vm1?op=vcpuinfo", note: simulated),
        .get("15-GET-xend-foo", "/xend/foo"),
        .get("16-GET-xend-node-dmesg", "/xend/node/dmesg", note: "the simulated host's console ring"),
        .post("17-POST-vm1-pause", "/xend/domain/vm1", "op=pause"),
        .post("18-POST-Domain-0-pause", "/xend/domain/Domain-0", "op=pause"),
        .post("19-POST-vm1-shutdown-poweroff", "/xend/domain/vm1", "op=shutdown&reason=poweroff"),
        .post(
            "19b-POST-vm1-shutdown-poweroff-tcp", "/xend/domain/vm1", "op=shutdown&reason=poweroff", transport: .tcp,
            note: "over TCP the Location names xend-port (8000 here)"),
        .post("20-POST-vm1-shutdown-explode", "/xend/domain/vm1", "op=shutdown&reason=explode"),
        .post("21-POST-vm1-shutdown-no-reason", "/xend/domain/vm1", "op=shutdown"),
        .post("22-POST-vm1-mem_target_set-lots", "/xend/domain/vm1", "op=mem_target_set&target=lots"),
        .post("23-POST-vm1-mem_target_set-twice", "/xend/domain/vm1", "op=mem_target_set&target=1&target=2"),
        .post("24-POST-vm1-maxmem_set", "/xend/domain/vm1", "op=maxmem_set&memory=1024"),
        .post("25-POST-vm1-pincpu", "/xend/domain/vm1", "op=pincpu&vcpu=0&cpumap=0,2"),
        .post(
            "26-POST-vm1-sysrq-letter", "/xend/domain/vm1", "op=sysrq&key=s",
            note: "deliberate change: the key as a character (libvirt 2006) is accepted like its code 115"),
        .post(
            "27-POST-xend-domain-create", "/xend/domain/", "op=create&config=" + vm3Config,
            note: simulated + "; the config names a uuid so the record is stable; new domains get id 4 here"),
        .post("28-POST-xend-domain-create-eof", "/xend/domain/", "op=create&config=(vm (name vm3)"),
        .post("29-POST-xend-domain-create-empty", "/xend/domain/", "op=create&config="),
        RouterGoldenVector(
            name: "30-POST-xend-domain-create-multipart",
            request: postRequest("/xend/domain/", multipartBody, contentType: "multipart/form-data; boundary=XyZ"),
            note: simulated + "; the config names a uuid so the record is stable"),
        .post(
            "31-POST-xend-domain-restore-outside-save-dir", "/xend/domain/", "op=restore&file=/nonexistent.chk",
            note: "deliberate change: paths outside --save-dir are refused with 403"),
        .post(
            "31b-POST-xend-domain-restore-missing", "/xend/domain/", "op=restore&file=$DIR/save/nonexistent.chk",
            note: "the original's body, for a missing file inside --save-dir; deliberate change: 500, not 200"),
        .post(
            "32-POST-vm1-migrate-unreachable", "/xend/domain/vm1",
            "op=migrate&destination=127.0.0.1&live=1&port=0&node=-1&ssl=0&change_home_server=0&resource=0",
            note: "destination 127.0.0.1 with nothing on the relocation port; deliberate change: 500, not 200"),
        .post(
            "33-POST-vm1-device_create", "/xend/domain/vm1",
            "op=device_create&config=(vbd (uname phy:/dev/vg0/vm1b) (dev xvdb) (mode w))"),
        .post(
            "34-POST-vm1-device_destroy-old-form", "/xend/domain/vm1", "op=device_destroy&type=vbd&dev=51712",
            note: "deliberate change: 3.0.x's form without force and rm_cfg is accepted, as 3.0.x did"),
        .post(
            "35-POST-vm1-device_configure", "/xend/domain/vm1",
            "op=device_configure&config=(vbd (uname phy:/dev/cdrom) (dev hdc:cdrom) (mode r))&dev=5632",
            setup: [
                postRequest(
                    "/xend/domain/vm1", "op=device_create&config=(vbd (uname phy:/dev/sr0) (dev hdc:cdrom) (mode r))")
            ],
            note: "vm1 first gets a cdrom as hdc (5632), which the vector assumes"),
        .post(
            "36-POST-vm1-devices-vbd", "/xend/domain/vm1", "op=devices&type=vbd",
            note: simulated + "; the simulation keeps fewer front-end keys"),
        .post("37-POST-vm1-domain_sched_credit_get", "/xend/domain/vm1", "op=domain_sched_credit_get"),
        .post("38-POST-vm1-domain_sched_credit_set", "/xend/domain/vm1", "op=domain_sched_credit_set&weight=512&cap=0"),
        .post("39-POST-vm1-frobnicate", "/xend/domain/vm1", "op=frobnicate"),
        .post("40-POST-vm1-no-op", "/xend/domain/vm1", "foo=bar"),
        .post("40b-POST-vm1-two-ops", "/xend/domain/vm1", "op=pause&op=unpause"),
        .post("41-POST-xend-node-dmesg-clear", "/xend/node/dmesg", "op=clear"),
        .post("42-POST-xend-node-shutdown", "/xend/node/", "op=shutdown"),
        RouterGoldenVector(
            name: "43-PUT-xend-domain-vm1", request: "PUT /xend/domain/vm1 HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"),
        RouterGoldenVector(
            name: "44-pipelined-keep-alive",
            request: "GET /xend/domain HTTP/1.1\r\nHost: localhost:8000\r\nConnection: keep-alive\r\n\r\n"
                + "GET /xend/vnet HTTP/1.1\r\nHost: localhost:8000\r\n\r\n"),
        .get(
            "45-GET-vm1-browser", "/xend/domain/vm1", headers: "User-Agent: Mozilla/5.0\r\nAccept: text/html\r\n",
            note: "a minimal HTML page, no forms"),
        .get("45b-GET-vm1-curl-sxp", "/xend/domain/vm1", headers: "User-Agent: curl/7\r\nAccept: application/sxp\r\n"),
        .get("46-GET-vm1-op-pause-ignored", "/xend/domain/vm1?op=pause"),
        RouterGoldenVector(
            name: "47-POST-body-over-cap",
            request:
                "POST /xend/domain/ HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 10001\r\n\r\n" + String(repeating: "x", count: 10001),
            maximumBodySize: 10_000,
            note: "cap set to the original's 10 000 bytes; the answer is 413 with an xend.err body, then close"),
        .get("48-GET-xend-vnet", "/xend/vnet"),
    ]
}
