"""Shared pieces of the hardening tests (docs/hardening.md): start the real `xend` binary on temporary
sockets, send raw bytes over the Unix socket or TCP, and read /proc figures of the daemon.

Raw sockets on purpose: the hostile requests must reach the daemon byte for byte, which no HTTP client
library allows (they fix up lengths, encodings and header syntax)."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

SXP = "application/sxp"


class Daemon:
    """One `xend --backend simulated` process with its own state and save directories."""

    def __init__(self, binary, work=None, extra=(), state_dir=None, save_dir=None):
        self.binary = binary
        self.owns_work = work is None
        self.work = work or tempfile.mkdtemp(prefix="xend-hardening.")
        self.unix_path = os.path.join(self.work, "run", "xend-socket")
        self.state_dir = state_dir or os.path.join(self.work, "state")
        self.save_dir = save_dir or os.path.join(self.work, "save")
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.stderr_path = None

    def start(self, timeout=20.0):
        os.makedirs(self.save_dir, exist_ok=True)
        self.stderr_path = os.path.join(self.work, "stderr.%d" % time.monotonic_ns())
        args = [self.binary, "--config", "/dev/null", "--backend", "simulated",
                "--unix-path", self.unix_path, "--tcp-port", "0",
                "--state-dir", self.state_dir, "--save-dir", self.save_dir,
                "--daemon-log", os.path.join(self.work, "xend.log")] + self.extra
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.stderr()
            match = re.search(r"tcp:127\.0\.0\.1:(\d+)", text)
            if "xend ready" in text and match:
                self.port = int(match.group(1))
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("xend exited with %s:\n%s" % (self.proc.returncode, text))
            time.sleep(0.02)
        raise RuntimeError("xend did not become ready:\n" + self.stderr())

    def stderr(self):
        try:
            with open(self.stderr_path, "r", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def cleanup(self):
        self.stop()
        if self.owns_work:
            shutil.rmtree(self.work, ignore_errors=True)

    def connect(self, transport, timeout=10.0, source=None):
        """`source`: a loopback address to connect from (127.0.0.0/8), so that TCP load can come from
        several peers as it would from several hosts (the engine limits connections per peer address)."""
        if transport == "unix":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(timeout)
            s.connect(self.unix_path)
        else:
            s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                         source_address=(source, 0) if source else None)
        return s

    def exchange(self, transport, data, timeout=10.0, close_write=False, source=None):
        """Sends `data` and reads until the server closes: a Response, or None when it said nothing."""
        s = self.connect(transport, timeout, source)
        try:
            try:
                s.sendall(data)
                if close_write:
                    s.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server may answer (413, 431) and close before it read everything
            return read_response(s)
        finally:
            s.close()

    def request(self, transport, method, path, form=None, timeout=10.0, source=None):
        return self.exchange(transport, build(method, path, form=form), timeout, source=source)

    def rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def open_fds(self):
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))


class Response:
    def __init__(self, status, headers, body, raw):
        self.status, self.headers, self.body, self.raw = status, headers, body, raw

    def is_xend_err(self):
        return self.body.startswith(b"(xend.err ")

    def __repr__(self):
        return "%s %r" % (self.status, self.body[:160])


def read_response(s):
    """Reads one response up to Content-Length (or EOF); None when the server closed without a byte."""
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        if b"\r\n\r\n" not in buf:
            return None if not buf else Response(None, {}, b"", buf)
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        length = int(headers.get("content-length", "-1"))
        while length < 0 or len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return Response(status, headers, body[:length] if length >= 0 else body, buf)
    except ConnectionResetError:
        return None if not buf else Response(None, {}, b"", buf)


def encode_form(form):
    """x-www-form-urlencoded from (name, value) pairs; bytes values are escaped byte for byte."""
    parts = []
    for name, value in form:
        if isinstance(value, str):
            value = value.encode()
        parts.append(urllib.parse.quote(name, safe="") + "=" + urllib.parse.quote_from_bytes(value, safe=""))
    return "&".join(parts).encode()


def build(method, path, form=None, body=None, headers=(), content_type=None, host=b"localhost"):
    """The bytes of one request as xm/libvirt send it: HTTP/1.1, no keep-alive, Accept: application/sxp."""
    if isinstance(path, str):
        path = path.encode()
    if form is not None:
        body = encode_form(form)
        content_type = content_type or "application/x-www-form-urlencoded"
    lines = [method.encode() + b" " + path + b" HTTP/1.1", b"Host: " + host, b"Accept: " + SXP.encode()]
    if body is not None:
        if content_type:
            lines.append(b"Content-Type: " + content_type.encode())
        lines.append(b"Content-Length: " + str(len(body)).encode())
    lines.extend(h if isinstance(h, bytes) else h.encode() for h in headers)
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def vm_config(name, memory=64, extra=""):
    return "(vm (name %s) (memory %d) (vcpus 1)%s (image (linux (kernel /boot/vmlinuz))))" % (name, memory, extra)


def binary_from_args(argv):
    if len(argv) > 1:
        return argv[1]
    out = subprocess.run(["swift", "build", "--show-bin-path"], capture_output=True, text=True, check=True)
    return os.path.join(out.stdout.strip(), "xend")
