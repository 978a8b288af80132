#!/usr/bin/env python3
"""Replays the bad-input corpus (hostile_cases.py) against the real xend over the Unix socket and TCP.

Meanwhile a well-behaved client asks GET /xend/node every 20 ms (alternating transports) and 20 stalled
clients hold half-sent requests open. Fails when a case gets another answer than its expectation, when
the prober misses an answer, when the daemon dies, or when anything was written outside --save-dir.
Prints the prober's latency figures. Usage: hostile-corpus.py [path/to/xend]"""

import hashlib
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xendtest import Daemon, binary_from_args, build  # noqa: E402
import hostile_cases  # noqa: E402


class Prober(threading.Thread):
    def __init__(self, daemon):
        super().__init__(daemon=True)
        self.d, self.stop_flag, self.latencies, self.failures = daemon, threading.Event(), [], []

    def run(self):
        i = 0
        while not self.stop_flag.is_set():
            transport = ("unix", "tcp")[i % 2]
            i += 1
            start = time.monotonic()
            try:
                r = self.d.request(transport, "GET", "/xend/node", timeout=10)
                if r is None or r.status != 200 or b"xend_config_format" not in r.body:
                    self.failures.append("%s: %r" % (transport, r))
            except OSError as e:
                self.failures.append("%s: %s" % (transport, e))
            self.latencies.append(time.monotonic() - start)
            time.sleep(0.02)


def stalled_clients(d, count):
    socks = []
    for i in range(count):
        s = d.connect(("unix", "tcp")[i % 2])
        s.sendall(b"POST /xend/domain/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 50\r\n\r\nop=")
        socks.append(s)
    return socks


def send_slowly(d, transport, data):
    s = d.connect(transport, timeout=30)
    try:
        for i in range(0, len(data), 2):
            s.sendall(data[i:i + 2])
            time.sleep(0.04)
        from xendtest import read_response
        return read_response(s)
    finally:
        s.close()


def check(case, r):
    if None in case.status and r is None:
        return None
    if r is None:
        return "no answer"
    if r.status not in case.status:
        return "status %s, expected %s" % (r.status, sorted(case.status, key=str))
    if case.err and not r.is_xend_err():
        return "body is not (xend.err ...): %r" % r.body[:200]
    if case.body and case.body.encode() not in r.body:
        return "no %r in body %r" % (case.body, r.body[:200])
    return None


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def prepare_save_dir(save_dir, outside):
    os.makedirs(outside, exist_ok=True)
    os.symlink(outside, os.path.join(save_dir, "link-out"))
    os.symlink("/etc/passwd", os.path.join(save_dir, "link-passwd"))
    with open(os.path.join(save_dir, "garbage.chk"), "wb") as f:
        f.write(os.urandom(4096))
    open(os.path.join(save_dir, "empty.chk"), "wb").close()


def main():
    d = Daemon(binary_from_args(sys.argv)).start()
    outside = os.path.join(d.work, "outside")
    prepare_save_dir(d.save_dir, outside)
    passwd = digest("/etc/passwd")
    failures = []
    try:
        for req, status in hostile_cases.setup_requests():
            r = d.exchange("unix", req)
            assert r is not None and r.status == status, "setup failed: %r" % r
        # A genuine save file, cut in half, must not restore.
        r = d.request("unix", "POST", "/xend/domain/hvm1", [("op", "save"), ("file", d.save_dir + "/whole.chk")])
        assert r.status == 202 and not r.body, "setup save failed: %r" % r
        whole = open(os.path.join(d.save_dir, "whole.chk"), "rb").read()
        with open(os.path.join(d.save_dir, "truncated.chk"), "wb") as f:
            f.write(whole[: len(whole) // 2])
        r = d.request("unix", "POST", "/xend/domain/", [("op", "restore"), ("file", d.save_dir + "/whole.chk")])
        assert r.status == 201, "setup restore failed: %r" % r

        cases = hostile_cases.cases(d.save_dir, outside)
        stalled = stalled_clients(d, 20)
        prober = Prober(d)
        prober.start()
        slow_threads, slow_results = [], {}
        for case in [c for c in cases if c.slow]:
            for transport in case.transports:
                def run(case=case, transport=transport):
                    slow_results[(case.name, transport)] = (case, send_slowly(d, transport, case.data))
                t = threading.Thread(target=run)
                t.start()
                slow_threads.append(t)
        replayed = 0
        for case in [c for c in cases if not c.slow]:
            for transport in case.transports:
                try:
                    # A half-closed request may be held until the engine's 30 s idle timeout (MHD does not
                    # act on EOF while it waits for a body): no answer within 3 s counts as no answer.
                    r = d.exchange(transport, case.data, timeout=3 if case.close_write else 15,
                                   close_write=case.close_write)
                    problem = check(case, r)
                except TimeoutError as e:
                    r, problem = None, None if case.close_write else "socket error %s" % e
                except OSError as e:
                    r, problem = None, "socket error %s" % e
                replayed += 1
                if problem:
                    failures.append("%s [%s]: %s" % (case.name, transport, problem))
                if not d.alive():
                    failures.append("daemon died after %s [%s]" % (case.name, transport))
                    raise SystemExit(1)
        for t in slow_threads:
            t.join()
        for (name, transport), (case, r) in slow_results.items():
            problem = check(case, r)
            replayed += 1
            if problem:
                failures.append("%s [%s]: %s" % (name, transport, problem))
        prober.stop_flag.set()
        prober.join()
        for s in stalled:
            s.close()

        failures += ["well-behaved client: " + f for f in prober.failures]
        if digest("/etc/passwd") != passwd:
            failures.append("/etc/passwd changed")
        if os.listdir(outside):
            failures.append("files written outside --save-dir: %s" % os.listdir(outside))
        r = d.request("tcp", "GET", "/xend/domain?state=all")
        if r is None or r.status != 200 or b"hvm1" not in r.body:
            failures.append("daemon state after the corpus: %r" % r)
        r = d.request("unix", "GET", "/xend/domain/csrf")
        if r is None or r.status != 404:
            failures.append("a cross-site create made domain csrf: %r" % r)
        lat = sorted(prober.latencies)
        print("hostile-corpus: %d cases, %d replays over Unix and TCP; well-behaved client: %d answers, "
              "median %.1f ms, p99 %.1f ms, max %.1f ms, %d failed"
              % (len(cases), replayed, len(lat), 1000 * lat[len(lat) // 2], 1000 * lat[int(len(lat) * 0.99)],
                 1000 * lat[-1], len(prober.failures)))
    finally:
        d.cleanup()
    for f in failures:
        print("FAIL " + f)
    if failures:
        print("hostile-corpus: %d failures" % len(failures))
        sys.exit(1)
    print("hostile-corpus: ok")


if __name__ == "__main__":
    main()
