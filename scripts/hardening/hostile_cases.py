"""The bad-input corpus: hostile requests and the answer each must get (docs/daemon.md "Errors",
docs/wire-compatibility.md "Malformed requests"). Generated as a table so every family is covered
the same way; `cases(save_dir, outside_dir)` returns [Case].

Expectation fields: `status` is a set of acceptable codes (None in the set: the server may close
without answering, which MHD does for unparsable request lines and truncated bodies); `err` says the
body must be an `(xend.err ...)` S-expression; `body` is a required substring."""

from xendtest import build, vm_config

D = "/xend/domain/"
VM = "/xend/domain/hvm1"  # created (paused, running domain) before the corpus runs


class Case:
    def __init__(self, name, data, status, err=False, body=None, slow=False, close_write=False,
                 transports=("unix", "tcp")):
        self.name, self.data, self.status, self.err, self.body, self.slow = name, data, set(status), err, body, slow
        self.close_write = close_write  # shut the sending side down after the data (a client that gives up)
        self.transports = transports  # the Host check is made on TCP only (docs/hardening.md "Browsers")


def post(path, form, **kw):
    return build("POST", path, form=form, **kw)


BROKEN_SXP = [
    "(", ")", "(vm", "(vm (name", "((((", "))))", "(vm (name \"unterminated", "(vm (name a)))",
    "", "   ", "'", "\"", "\\", "(vm . x)", "(vm (name a) (memory))", "(vm)", "(vm (name))",
    "(notvm (name a) (memory -1))", "vm", "(vm (name a) (memory abc))", "(vm (name a) (memory -5))",
    "(vm (name a) (memory 99999999999999999999))", "(vm (name a) (memory 0))", "(vm (name a) (vcpus 0))",
    "(vm (name a) (vcpus -1))", "(vm (name a) (vcpus 99999999999999999999))", "(vm (name a) (maxmem -1))",
    "(vm (name \"a\x00b\") (memory 64))", "(vm (name a) (memory 64) (uuid not-a-uuid))",
    "(vm (name Domain-0) (memory 64))",
    # Fit in 64 bits but overflow once turned into KiB or bytes (FuzzRequestPath found the first one).
    "(vm (name a) (memory 3299999999999999999))", "(vm (name a) (memory 9223372036854775807))",
    "(vm (name a) (memory 64) (maxmem 18014398509481984))",
    "(" * 10000 + "vm" + ")" * 10000, "(" * 10000, ")" * 10000, "(vm " * 5000,
]


def broken_sxp_cases():
    out = []
    for i, text in enumerate(BROKEN_SXP):
        for op in ("create", "new"):
            out.append(Case("op=%s broken config #%d %r" % (op, i, text[:24]), post(D, [("op", op), ("config", text)]),
                            {500}, err=True))
        out.append(Case("device_create broken config #%d" % i,
                        post(VM, [("op", "device_create"), ("config", text)]), {500}, err=True))
    # An empty kernel is no error of the config; the simulated host boots it, libxl would refuse it.
    out.append(Case("op=create (kernel) without a value",
                    post(D, [("op", "create"), ("config", "(vm (name k0) (memory 64) (image (linux (kernel))))")]),
                    {201, 500}))
    return out


BAD_NUMBERS = ["99999999999999999999", "-99999999999999999999", "3299999999999999999", "9223372036854775807", "abc", "1e10", "0x10", "1.5", "NaN", "--1",
               "9" * 5000, "\u0661"]
NUMERIC_OPS = [("mem_target_set", "target"), ("maxmem_set", "memory"), ("set_vcpus", "vcpus"),
               ("sysrq", "key"), ("domain_sched_credit_set", "weight"), ("pincpu", "vcpu")]


def number_cases():
    out = []
    for op, param in NUMERIC_OPS:
        for value in BAD_NUMBERS:
            form = [("op", op), (param, value)]
            if op == "pincpu":
                form.append(("cpumap", "0"))
            if op == "domain_sched_credit_set":
                form.append(("cap", "0"))
            out.append(Case("%s %s=%r" % (op, param, value[:24]), post(VM, form), {500}, err=True))
    for op, param, value in [("mem_target_set", "target", "-1"), ("maxmem_set", "memory", "-1"),
                             ("set_vcpus", "vcpus", "-1"), ("set_vcpus", "vcpus", "0"),
                             ("sysrq", "key", "-1"), ("sysrq", "key", "256"), ("pincpu", "vcpu", "-2")]:
        form = [("op", op), (param, value)] + ([("cpumap", "0")] if op == "pincpu" else [])
        out.append(Case("%s negative/out of range %s=%s" % (op, param, value), post(VM, form), {500}, err=True))
    out.append(Case("pincpu cpumap=99999999999999999999",
                    post(VM, [("op", "pincpu"), ("vcpu", "0"), ("cpumap", "99999999999999999999")]), {500}, err=True))
    out.append(Case("shutdown reason=../../etc", post(VM, [("op", "shutdown"), ("reason", "../../etc")]), {500},
                    err=True))
    return out


def path_cases(save_dir, outside_dir):
    outside_paths = [
        "../../etc/passwd", "/etc/passwd", save_dir + "/../escape.chk", save_dir + "/./../../etc/shadow",
        save_dir + "/link-out/escape.chk", save_dir + "/link-passwd", "/", "/proc/self/mem", "/dev/null",
        outside_dir + "/escape.chk", "relative.chk", save_dir + "/link-out",
        save_dir + "/" + "../" * 50 + "etc/passwd",
    ]
    out = []
    for p in outside_paths:
        out.append(Case("save file=%s" % p[-40:], post(VM, [("op", "save"), ("file", p)]), {403}, err=True))
        out.append(Case("dump file=%s" % p[-40:], post(VM, [("op", "dump"), ("file", p), ("live", "0"),
                                                            ("crash", "0"), ("reset", "0")]), {403}, err=True))
        out.append(Case("restore file=%s" % p[-40:], post(D, [("op", "restore"), ("file", p)]), {403}, err=True))
    # Inside the save directory but unusable: the deferred op answers its documented status with an error.
    # The save directory itself is not a file inside it: 403 like any path outside.
    for p in (save_dir, save_dir + "/"):
        out.append(Case("restore the save directory %s" % p[-10:], post(D, [("op", "restore"), ("file", p)]), {403},
                        err=True))
        out.append(Case("save onto the save directory %s" % p[-10:], post(VM, [("op", "save"), ("file", p)]), {403},
                        err=True))
    inside_bad = [save_dir + "/missing.chk", save_dir + "/" + "x" * 300,
                  save_dir + "/garbage.chk", save_dir + "/empty.chk", save_dir + "/truncated.chk"]
    for p in inside_bad:
        out.append(Case("restore unusable file %s" % p[-30:], post(D, [("op", "restore"), ("file", p)]), {500},
                        err=True))
    out.append(Case("save name too long", post(VM, [("op", "save"), ("file", save_dir + "/" + "x" * 300)]), {500},
                    err=True))
    out.append(Case("save file=%00", post(VM, [("op", "save"), ("file", save_dir + "/a\x00b")]), {400, 403, 500},
                    err=True))
    # Failed deferred ops are 500 with the error, unlike the original's 200/202 (docs/daemon.md "Errors").
    # The original's KeyError text: (xend.err "'file'").
    out.append(Case("save without file", post(VM, [("op", "save")]), {500}, err=True, body="'file'"))
    out.append(Case("restore without file", post(D, [("op", "restore")]), {500}, err=True, body="Missing parameter"))
    return out


def utf8_cases():
    return [
        Case("path %ff", build("GET", "/xend/domain/%ff"), {400}, err=True),
        Case("path %c3%28", build("GET", "/xend/domain/%c3%28"), {400}, err=True),
        Case("raw byte in path", build("GET", b"/xend/domain/\xff\xfe"), {400}),
        Case("raw byte in query", build("GET", b"/xend/domain?state=\xff"), {400}),
        Case("query %ff", build("GET", "/xend/domain?state=%ff"), {400}, err=True),
        Case("query name %ff", build("GET", "/xend/domain?%ff=1"), {400}, err=True),
        Case("body op=%ff", post(VM, [("op", b"\xff")]), {400}, err=True),
        Case("body param %ff", post(VM, [("op", "pause"), ("x", b"\xff\xfe")]), {400}, err=True),
        Case("config invalid UTF-8", post(D, [("op", "create"), ("config", b"(vm (name \xff) (memory 64))")]), {400},
             err=True),
        Case("op=new invalid UTF-8", post(D, [("op", "new"), ("config", b"(vm (name \xc3\x28))")]), {400},
             err=True),
        Case("save file invalid UTF-8", post(VM, [("op", "save"), ("file", b"/tmp/\xff")]), {400}, err=True),
        Case("raw invalid body", build("POST", VM, body=b"op=pause&\xff\xfe=\xff",
                                       content_type="application/x-www-form-urlencoded"), {400}, err=True),
        Case("multipart invalid UTF-8", build("POST", VM, body=b"--b\r\nContent-Disposition: form-data; name=\"op\"\r\n"
                                              b"\r\n\xff\r\n--b--\r\n", content_type="multipart/form-data; boundary=b"),
             {400}, err=True),
        Case("overlong NUL encoding", build("GET", "/xend/domain/%c0%80"), {400}, err=True),
        Case("surrogate half", build("GET", "/xend/domain/%ed%a0%80"), {400}, err=True),
    ]


def body_cases():
    big = b"op=create&config=" + b"x" * (1024 * 1024 + 10)
    head = b"POST /xend/domain/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    return [
        Case("body over 1 MiB", build("POST", D, body=big, content_type="application/x-www-form-urlencoded"), {413},
             err=True),
        Case("Content-Length 2 MB, no body", head + b"Content-Length: 2000000\r\n\r\n", {413}, err=True),
        Case("Content-Length 99999999999999999999", head + b"Content-Length: 99999999999999999999\r\n\r\nop=x",
             {400, 413, None}),
        Case("Content-Length -1", head + b"Content-Length: -1\r\n\r\nop=x", {400, None}),
        Case("Content-Length abc", head + b"Content-Length: abc\r\n\r\nop=x", {400, None}),
        Case("two different Content-Lengths (smuggling)",
             head + b"Content-Length: 4\r\nContent-Length: 9\r\n\r\nop=pause!", {400}, err=True),
        Case("two equal Content-Lengths", head.replace(b"/xend/domain/", VM.encode()) +
             b"Content-Length: 11\r\nContent-Length: 11\r\n\r\nop=vcpuinfo", {200}),
        Case("truncated body, client gives up", head + b"Content-Length: 100\r\n\r\nop=cre", {None},
             close_write=True),
        Case("truncated headers, client gives up", b"POST /xend/domain/ HTTP/1.1\r\nHost: localhost\r\nContent-Le", {None},
             close_write=True),
        Case("chunked body over the cap", head + b"Transfer-Encoding: chunked\r\n\r\n" +
             (b"100000\r\n" + b"a" * 0x100000 + b"\r\n") * 2 + b"0\r\n\r\n", {413, None}),
        Case("broken chunk size", head + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nop=x\r\n0\r\n\r\n", {400, None}),
        Case("form body without content type", build("POST", VM, body=b"op=pause"), {406}),
        Case("multipart without boundary", build("POST", VM, body=b"op=pause", content_type="multipart/form-data"),
             {400, 406}),
        # A part cut off before its value gives op='' (as cgi.parse_multipart did): an unknown op.
        Case("multipart truncated", build("POST", VM, body=b"--b\r\nContent-Disposition: form-data; name=\"op\"\r\n",
                                          content_type="multipart/form-data; boundary=b"), {400, 406, 501}),
        Case("form of 100,000 empty fields", build("POST", VM, body=b"&" * 100000,
                                                   content_type="application/x-www-form-urlencoded"), {406}),
        Case("form of 20,000 parameters", build("POST", VM, body=b"&".join(b"p%d=1" % i for i in range(20000)) +
                                                b"&op=vcpuinfo", content_type="application/x-www-form-urlencoded"),
             {200}),
        Case("bad percent escapes", build("POST", VM, body=b"op=vcpuinfo&%zz=%&a=%4",
                                          content_type="application/x-www-form-urlencoded"), {200}),
    ]


def header_cases():
    many = ["X-Flood-%d: %d" % (i, i) for i in range(100)]
    more = ["X-Flood-%d: %d" % (i, i) for i in range(400)]
    too_many = ["X-Flood-%d: %s" % (i, "v" * 40) for i in range(2000)]
    return [
        Case("100 headers", build("GET", "/xend/node", headers=many), {200}),
        # MHD keeps a request's headers in a 16 KiB pool per connection (connectionMemoryBytes), with
        # per-header overhead.
        Case("400 headers", build("GET", "/xend/node", headers=more), {431}),
        Case("2000 headers (~100 KB)", build("GET", "/xend/node", headers=too_many), {431}),
        Case("one 100 KB header", build("GET", "/xend/node", headers=["X-Big: " + "a" * 100000]), {431}),
        Case("100 KB request target", build("GET", "/xend/domain/" + "a" * 100000), {414, 431}),
        Case("header without colon", b"GET /xend/node HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n", {400}),
        Case("HTTP/0.9 request", b"GET /xend/node\r\n\r\n", {400, None}),
        Case("HTTP/2.0", b"GET /xend/node HTTP/2.0\r\nHost: localhost\r\n\r\n", {505}),
        Case("HTTP/9.9", b"GET /xend/node HTTP/9.9\r\nHost: localhost\r\n\r\n", {505}),
        Case("unparsable request line", b"BLAH\r\n\r\n", {400}),
        # MHD hands the target over as a C string: it ends at the NUL, here `/xend/`.
        Case("NUL byte in the target", b"GET /xend/\x00node HTTP/1.1\r\nHost: localhost\r\n\r\n", {200, 400, 404, None}),
        Case("request of only CRLFs", b"\r\n" * 5000, {400, None}, close_write=True),
        Case("binary garbage", bytes(range(256)) * 20, {400, None}),
        # Neither the original (BaseHTTPServer) nor MHD insists on Host; Location then uses localhost.
        Case("HTTP/1.1 without Host", b"GET /xend/node HTTP/1.1\r\n\r\n", {200}),
        Case("obsolete line folding", b"GET /xend/node HTTP/1.1\r\nHost: localhost\r\nX-A: a\r\n b\r\n\r\n", {200, 400}),
        Case("Accept of 30 KB", build("GET", "/xend/node", headers=["Accept: " + "x/y," * 7000]), {200, 431}),
    ]


def op_cases():
    return [
        Case("POST without op", post(VM, []), {406}),
        Case("POST with two ops", post(VM, [("op", "pause"), ("op", "pause")]), {406}),
        Case("POST with two different ops", post(VM, [("op", "pause"), ("op", "destroy")]), {406}),
        Case("POST op= (blank)", build("POST", VM, body=b"op=", content_type="application/x-www-form-urlencoded"),
             {406, 501}),
        Case("unknown op", post(VM, [("op", "frobnicate")]), {501}),
        Case("unknown op 10 KB name", post(VM, [("op", "x" * 10000)]), {501}),
        Case("op with NUL", post(VM, [("op", "pause\x00")]), {501}),
        Case("op=__init__", post(VM, [("op", "__init__")]), {501}),
        Case("unknown collection op", post(D, [("op", "frobnicate")]), {501}),
        Case("unknown node op", post("/xend/node", [("op", "frobnicate")]), {501}),
        Case("rename without name", post(VM, [("op", "rename")]), {500}, err=True),
        Case("rename to Domain-0", post(VM, [("op", "rename"), ("name", "Domain-0")]), {500}, err=True),
        Case("device_destroy old form", post(VM, [("op", "device_destroy"), ("type", "vbd"), ("dev", "51712")]), {500},
             err=True),
        Case("devices unknown type", post(VM, [("op", "devices"), ("type", "../../x")]), {200, 500}),
        Case("pause Domain-0", post("/xend/domain/Domain-0", [("op", "pause")]), {500}, err=True),
        Case("destroy Domain-0", post("/xend/domain/Domain-0", [("op", "destroy")]), {500}, err=True),
        Case("dom parameter cannot redirect", post(VM, [("op", "pause"), ("dom", "Domain-0")]), {200}),
        Case("create without config", post(D, [("op", "create")]), {500}, err=True),
        Case("new without config", post(D, [("op", "new")]), {500}, err=True),
        Case("op=shutdown without reason", post(VM, [("op", "shutdown")]), {500}, err=True),
        Case("op in query of POST", build("POST", VM + "?op=pause"), {200, 406}),
        Case("GET with op=destroy in query", build("GET", VM + "?op=destroy"), {200, 406, 501}),
    ]


def domain_cases():
    names = ["nosuch", "99999999999999999999", "-1", "6e5a2f0c-1d2b-4c3d-8e9f-0a1b2c3d4e5f", "%2e%2e",
             "..", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "a" * 5000, "%20", "Domain-0%00"]
    out = []
    for n in names:
        out.append(Case("GET unknown domain %s" % n[:24], build("GET", D + n), {404}))
        out.append(Case("POST pause unknown domain %s" % n[:24], post(D + n, [("op", "pause")]), {404}))
    # The all-zero UUID is Domain-0's, as on Xen.
    out.append(Case("GET Domain-0 by its zero UUID", build("GET", D + "00000000-0000-0000-0000-000000000000"), {200}))
    out.append(Case("pause Domain-0 by its zero UUID", post(D + "00000000-0000-0000-0000-000000000000",
                                                            [("op", "pause")]), {500}, err=True))
    out.append(Case("GET /xend/../etc/passwd", build("GET", "/xend/../etc/passwd"), {404}))
    out.append(Case("GET /xend/vnet/x", build("GET", "/xend/vnet/x"), {404}))
    out.append(Case("GET /xend/node/nosuch", build("GET", "/xend/node/nosuch"), {404}))
    out.append(Case("GET /etc/passwd", build("GET", "/etc/passwd"), {404}))
    out.append(Case("GET *", build("GET", "*"), {400, 404}))
    out.append(Case("GET absolute URI", build("GET", "http://evil/xend/node"), {200, 400, 404}))
    return out


def method_cases():
    out = []
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "FOO", "get", "PROPFIND"]:
        for path in ["/xend/node", VM]:
            out.append(Case("%s %s" % (method, path), build(method, path), {501, 400}))
    return out


CSRF_CONFIG = "(vm (name csrf) (memory 32) (image (linux (kernel /boot/vmlinuz))))"


def browser_cases():
    """Cross-site request forgery and DNS rebinding (docs/hardening.md "Browsers"): refused with 403
    before anything runs; the corpus runner checks afterwards that no domain `csrf` exists and hvm1 runs."""
    evil = ["Origin: http://evil.example"]
    out = [
        Case("cross-origin create (a form post from another site)",
             post(D, [("op", "create"), ("config", CSRF_CONFIG)], headers=evil), {403}, err=True,
             body="Cross-origin request refused"),
        Case("cross-origin create, multipart", build("POST", D, body=b"--b\r\nContent-Disposition: form-data; "
                                                     b"name=\"op\"\r\n\r\ncreate\r\n--b--\r\n",
                                                     content_type="multipart/form-data; boundary=b", headers=evil),
             {403}, err=True),
        Case("cross-origin destroy", post(VM, [("op", "destroy")], headers=evil), {403}, err=True),
        Case("cross-origin save", post(VM, [("op", "save"), ("file", "/tmp/x.chk")], headers=evil), {403}, err=True),
        Case("cross-origin read", build("GET", "/xend/node", headers=evil), {403}, err=True),
        Case("Origin: null (sandboxed page)", post(VM, [("op", "pause")], headers=["Origin: null"]), {403}, err=True),
        Case("Origin lookalike localhost.evil.example",
             post(VM, [("op", "pause")], headers=["Origin: http://localhost.evil.example"]), {403}, err=True),
        Case("Origin of the same host, other scheme", post(VM, [("op", "pause")], headers=["Origin: https://localhost"]),
             {403}, err=True),
        Case("Origin of the same host, other port",
             post(VM, [("op", "pause")], headers=["Origin: http://localhost:8081"]), {403}, err=True),
        Case("Origin of 10 KB", build("GET", "/xend/node", headers=["Origin: http://" + "a" * 10000]), {403},
             err=True),
        Case("Sec-Fetch-Site cross-site, no Origin", build("GET", "/xend/node", headers=["Sec-Fetch-Site: cross-site"]),
             {403}, err=True, body="Cross-site request refused"),
        Case("Sec-Fetch-Site same-site", post(VM, [("op", "pause")], headers=["Sec-Fetch-Site: same-site"]), {403},
             err=True),
        Case("own origin passes", build("GET", "/xend/node", headers=["Origin: http://localhost",
                                                                      "Sec-Fetch-Site: same-origin"]), {200}),
        Case("Sec-Fetch-Site none (typed address) passes", build("GET", "/xend/node", headers=["Sec-Fetch-Site: none"]),
             {200}),
        # libvirt's xend driver, byte for byte (Host: localhost:8000 over both transports), and xm's httplib.
        Case("libvirt's exact GET", b"GET /xend/node/ HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n"
             b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n", {200}),
        Case("xm's exact GET", b"GET /xend/domain/hvm1 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n"
             b"Connection: close\r\n\r\n", {200}),
    ]
    for host in [b"evil.example", b"evil.example:8000", b"localhost.", b"127.0.0.1.nip.io:8000", b"[::2]:8000"]:
        out.append(Case("DNS rebinding, Host %s (TCP)" % host.decode(), build("GET", "/xend/node", host=host), {403},
                        err=True, body="Host header not served here", transports=("tcp",)))
        out.append(Case("Host %s over the Unix socket (not checked)" % host.decode(),
                        build("GET", "/xend/node", host=host), {200}, transports=("unix",)))
    for host in [b"LOCALHOST:8000", b"127.0.0.1:8000", b"[::1]:8000", b"::1"]:
        out.append(Case("own Host %s" % host.decode(), build("GET", "/xend/node", host=host), {200}))
    out.append(Case("cross-origin create through a rebound name",
                    post(D, [("op", "create"), ("config", CSRF_CONFIG)], host=b"evil.example:8000",
                         headers=["Origin: http://evil.example:8000"]), {403}, err=True))
    return out


def slow_cases():
    return [Case("slow client, 1 byte per 40 ms (GET)", build("GET", "/xend/node"), {200}, slow=True),
            Case("slow client, 1 byte per 40 ms (POST)", post(VM, [("op", "vcpuinfo")]), {200}, slow=True)]


def cases(save_dir, outside_dir):
    return (broken_sxp_cases() + number_cases() + path_cases(save_dir, outside_dir) + utf8_cases() + body_cases()
            + header_cases() + op_cases() + domain_cases() + method_cases() + browser_cases() + slow_cases())


def setup_requests():
    """Requests that prepare the domain the corpus targets."""
    return [(post(D, [("op", "create"), ("config", vm_config("hvm1"))]), 201), (post(VM, [("op", "unpause")]), 200)]
