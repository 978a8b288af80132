#!/usr/bin/env python3
"""Crash and disk-full tests of the real xend.

Crashes: ITERATIONS times, a client runs one kind of operation in a loop (op=create, op=save,
op=restore, op=new, in turn) while the daemon is killed with SIGKILL at a random moment; the daemon is
restarted on the same --state-dir and --save-dir, and then:
  - every acknowledged create, restore and new is there (and answers its record),
  - every acknowledged save left a file that restores, and no truncated copy of it is accepted,
  - no temporary file of an interrupted write is visible in the state directory, every listed domain
    answers its record, and domains whose request was cut off are either whole or absent.
Disk full (root only, tmpfs of 1 MiB): state dir full -> op=new and op=create answer (xend.err ...),
leave no file and no domain behind; save dir full -> op=save answers (xend.err ...), no file appears, the domain
keeps running. Usage: fault-restart.py [--iterations N] [path/to/xend]"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xendtest import Daemon, binary_from_args, vm_config  # noqa: E402

D = "/xend/domain/"


def names_listed(d):
    r = d.request("unix", "GET", "/xend/domain?state=all")
    assert r is not None and r.status == 200, r
    return set(r.body.decode()[1:-1].split())


class Loop(threading.Thread):
    """Sends one kind of request until the daemon stops answering; records what was acknowledged."""

    def __init__(self, d, kind, iteration, saved_files):
        super().__init__(daemon=True)
        self.d, self.kind, self.iteration, self.saved_files = d, kind, iteration, saved_files
        self.acknowledged, self.attempted = [], []

    def step(self, k):
        name = "i%dk%d" % (self.iteration, k)
        if self.kind == "create":
            return name, self.d.request("unix", "POST", D, [("op", "create"), ("config", vm_config(name, 64))]), {201}
        if self.kind == "new":
            return name, self.d.request("tcp", "POST", D, [("op", "new"), ("config", vm_config(name, 32))]), {200}
        if self.kind == "save":
            r = self.d.request("unix", "POST", D, [("op", "create"), ("config", vm_config(name, 512))])
            if r is None or r.status != 201:
                return None, None, None
            r = self.d.request("unix", "POST", D + name, [("op", "unpause")])
            if r is None or r.status != 200:
                return None, None, None
            path = os.path.join(self.d.save_dir, name + ".chk")
            self.attempted.append(name)
            return (name, path), self.d.request("unix", "POST", D + name, [("op", "save"), ("file", path)]), {202}
        # restore: take a file saved in an earlier iteration
        if not self.saved_files:
            return None, None, None
        path = self.saved_files.pop()
        return path, self.d.request("tcp", "POST", D, [("op", "restore"), ("file", path)]), {201}

    def run(self):
        for k in range(10_000):
            try:
                item, r, expected = self.step(k)
            except OSError:
                return
            if item is None and r is None:
                return
            if self.kind != "save":
                self.attempted.append(item)
            if r is not None and r.status in expected and not r.body.startswith(b"(xend.err"):
                self.acknowledged.append(item)


def check_restart(d, loop, problems):
    listed = names_listed(d)
    for name in listed:
        r = d.request("unix", "GET", D + name)
        if r is None or r.status != 200 or not r.body.startswith(b"(domain"):
            problems.append("listed domain %s has no whole record: %r" % (name, r))
    for sub in ("domains", "live"):
        leftovers = [n for n in os.listdir(os.path.join(d.state_dir, sub)) if n.startswith(".") or ".tmp" in n]
        if leftovers:
            problems.append("temporary files left in state/%s: %s" % (sub, leftovers))
    leftovers = [n for n in os.listdir(d.save_dir) if ".tmp-" in n]
    if leftovers:
        problems.append("interrupted save files not removed at start-up: %s" % leftovers)
    if loop.kind in ("create", "new"):
        for name in loop.acknowledged:
            if name not in listed:
                problems.append("acknowledged op=%s of %s lost" % (loop.kind, name))
    elif loop.kind == "save":
        for name, path in loop.acknowledged:
            if not os.path.exists(path):
                problems.append("acknowledged save of %s has no file" % name)
            elif name in listed:
                problems.append("saved domain %s still listed" % name)
    else:
        restored = 0
        for path in loop.acknowledged:
            match = re.search(r"/(i\d+k\d+)\.chk$", path)
            if match and match.group(1) not in listed:
                problems.append("acknowledged restore of %s lost" % path)
            restored += 1


def check_truncations(d, path, problems):
    data = open(path, "rb").read()
    for cut in (len(data) // 4, len(data) // 2, len(data) - 1):
        bad = path + ".cut%d" % cut
        with open(bad, "wb") as f:
            f.write(data[:cut])
        r = d.request("unix", "POST", D, [("op", "restore"), ("file", bad)])
        if r is None or r.status == 201 or not r.body.startswith(b"(xend.err"):
            problems.append("truncated save file %s (%d of %d bytes) accepted: %r" % (bad, cut, len(data), r))
        os.unlink(bad)


def crash_iterations(binary, iterations, seed):
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="xend-fault.")
    d = Daemon(binary, work=work)
    problems, saved_files, counts, interrupted = [], [], {}, []
    kinds = ["create", "save", "restore", "new"]
    for i in range(iterations):
        kind = kinds[i % 4]
        d.start()
        loop = Loop(d, kind, i, saved_files)
        loop.start()
        time.sleep(rng.uniform(0.05, 1.5 if kind in ("save", "restore") else 0.3))
        d.kill9()
        loop.join(30)
        # The restart removes interrupted saves' temporary files; keep copies to show a partial one never restores.
        for name in os.listdir(d.save_dir):
            if ".tmp-" in name:
                interrupted.append(os.path.join(d.save_dir, "interrupted-%d-%d.chk" % (i, len(interrupted))))
                os.rename(os.path.join(d.save_dir, name), interrupted[-1])
                with open(os.path.join(d.save_dir, name), "wb") as f:
                    f.write(open(interrupted[-1], "rb").read())
        d.start()
        check_restart(d, loop, problems)
        if kind == "save":
            for name, path in loop.acknowledged:
                if os.path.exists(path):
                    check_truncations(d, path, problems)
                    saved_files.append(path)
        counts[kind] = counts.get(kind, 0) + len(loop.acknowledged)
        # Running domains hold host memory: destroy them so later iterations can still create and save.
        for name in names_listed(d) - {"Domain-0"}:
            d.request("unix", "POST", D + name, [("op", "destroy")])
        d.stop()
    if interrupted:
        # An interrupted save's temporary file is never the acknowledged name; a partial one must not restore.
        d.start()
        complete = min([os.path.getsize(p) for p in saved_files] or [0])
        for path in interrupted:
            if os.path.getsize(path) < complete - 64:
                r = d.request("unix", "POST", D, [("op", "restore"), ("file", path)])
                if r is None or r.status == 201 or not r.is_xend_err():
                    problems.append("partial save file %s (%d bytes) restored: %r" % (path, os.path.getsize(path), r))
        d.stop()
    print("crashes: %d kill -9 (seed %d); acknowledged before the kill: %s; interrupted saves (their "
          "temporary files removed at restart): %d" % (iterations, seed, counts, len(interrupted)))
    d.cleanup()
    subprocess.run(["rm", "-rf", work])
    return problems


def disk_full(binary):
    if os.geteuid() != 0:
        print("disk-full: SKIPPED (needs root to mount a 1 MiB tmpfs)")
        return []
    work = tempfile.mkdtemp(prefix="xend-diskfull.")
    state, save = os.path.join(work, "state"), os.path.join(work, "save")
    os.makedirs(state)
    os.makedirs(save)
    mounted = []
    for path in (state, save):
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path]).returncode != 0:
            print("disk-full: SKIPPED (cannot mount tmpfs here)")
            for m in mounted:
                subprocess.run(["umount", m])
            return []
        mounted.append(path)
    problems = []
    d = Daemon(binary, work=work, state_dir=state, save_dir=save)
    try:
        d.start()
        r = d.request("unix", "POST", D, [("op", "create"), ("config", vm_config("big", 8192))])
        assert r.status == 201, r
        r = d.request("unix", "POST", D + "big", [("op", "unpause")])
        assert r.status == 200, r
        # Save dir: an 8 GiB guest's image is 2 MiB, more than the 1 MiB file system holds.
        r = d.request("unix", "POST", D + "big", [("op", "save"), ("file", save + "/big.chk")])
        if r is None or not r.body.startswith(b"(xend.err") or b"space" not in r.body:
            problems.append("save on a full disk: %r" % r)
        if os.listdir(save):
            problems.append("save dir after a failed save: %s" % os.listdir(save))
        if "big" not in names_listed(d):
            problems.append("domain lost after a failed save")
        # State dir: fill it, then every write must fail clearly.
        with open(os.path.join(state, "filler"), "wb", buffering=0) as f:
            for chunk in (65536, 4096, 512, 1):
                try:
                    while True:
                        f.write(b"\0" * chunk)
                except OSError:
                    pass
        before = sorted(os.listdir(state + "/domains")), sorted(os.listdir(state + "/live"))
        config = vm_config("m1", 32, " (description %s)" % ("x" * 8000))
        r = d.request("tcp", "POST", D, [("op", "new"), ("config", config)])
        if r is None or not r.body.startswith(b"(xend.err") or b"space" not in r.body:
            problems.append("op=new on a full state dir: %r" % r)
        # A create whose state cannot be written is rolled back: an error, and no domain that a restart loses.
        r = d.request("tcp", "POST", D, [("op", "create"), ("config", config.replace("m1", "c1"))])
        if r is None or not (r.is_xend_err() and b"space" in r.body):
            problems.append("op=create on a full state dir: %r" % r)
        if "c1" in names_listed(d):
            problems.append("op=create on a full state dir left the domain running")
        after = sorted(os.listdir(state + "/domains")), sorted(os.listdir(state + "/live"))
        if before != after:
            problems.append("state dir changed by failed writes: %s -> %s" % (before, after))
        os.unlink(os.path.join(state, "filler"))
        d.stop()
        d.start()  # the state written before the disk filled up loads again
        if names_listed(d) != {"Domain-0", "big"}:  # c1's state was never written
            problems.append("after restart: %s" % names_listed(d))
        print("disk-full: state dir and save dir on 1 MiB tmpfs: %s" % ("ok" if not problems else "FAILED"))
    finally:
        d.stop()
        for m in mounted:
            subprocess.run(["umount", m])
        subprocess.run(["rm", "-rf", work])
    return problems


def temporaries_at_startup(binary):
    """Start-up removes temporary files whose writer is gone, and only those."""
    work = tempfile.mkdtemp(prefix="xend-tmpsweep.")
    d = Daemon(binary, work=work)
    os.makedirs(os.path.join(d.save_dir, "sub"), exist_ok=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    files = {
        "a.chk.tmp-%d-7" % dead.pid: False,  # writer gone: removed
        "sub/b.chk.tmp-%d-8" % dead.pid: False,
        "c.chk.tmp-%d-9" % os.getpid(): True,  # writer alive (this script): kept
        "d.chk": True,
        "e.tmp-x-1": True,  # not a pid: not ours
    }
    for name in files:
        with open(os.path.join(d.save_dir, name), "wb") as f:
            f.write(b"partial")
    problems = []
    try:
        d.start()
        for name, kept in files.items():
            if os.path.exists(os.path.join(d.save_dir, name)) != kept:
                problems.append("start-up sweep: %s should be %s" % (name, "kept" if kept else "removed"))
        print("start-up sweep of interrupted writes: %s" % ("ok" if not problems else "FAILED"))
    finally:
        d.stop()
        d.cleanup()
        subprocess.run(["rm", "-rf", work])
    return problems


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iterations", type=int, default=20)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("binary", nargs="?")
    a = p.parse_args()
    binary = binary_from_args([sys.argv[0]] + ([a.binary] if a.binary else []))
    problems = temporaries_at_startup(binary) + crash_iterations(binary, a.iterations, a.seed) + disk_full(binary)
    for f in problems:
        print("FAIL " + f)
    if problems:
        sys.exit(1)
    print("fault-restart: ok")


if __name__ == "__main__":
    main()
