#!/usr/bin/env python3
"""Scrapes the built xend's GET /metrics with prometheus_client's text parser and checks the values
against the daemon's own API; checks the TCP access rules apply to /metrics and that
(xend-metrics no) turns it off. Usage: scripts/metrics-check.py path/to/xend
(Debian: python3-prometheus-client, which `make deps` installs)."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from prometheus_client.parser import text_string_to_metric_families

MIB = 1024 * 1024
FAILURES = []


def check(description, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + description + ("" if condition else f": {detail}"))
    if not condition:
        FAILURES.append(description)


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class Daemon:
    """A real xend on the simulated host with temporary sockets and directories."""

    def __init__(self, xend, work, name, *flags, config=None):
        self.directory = os.path.join(work, name)
        os.makedirs(self.directory)
        self.socket = os.path.join(self.directory, "xend-socket")
        self.save = os.path.join(self.directory, "save")
        config_path = os.path.join(self.directory, "xend-config.sxp")
        with open(config_path, "w") as file:
            file.write(config or "")
        self.stderr = open(os.path.join(self.directory, "stderr"), "w+")
        self.process = subprocess.Popen(
            [xend, "--config", config_path, "--backend", "simulated", "--unix-path", self.socket,
             "--tcp-port", "0", "--state-dir", os.path.join(self.directory, "state"), "--save-dir", self.save,
             "--daemon-log", os.path.join(self.directory, "xend.log"), *flags],
            stderr=self.stderr)
        self.port = None
        for _ in range(200):
            self.stderr.seek(0)
            log = self.stderr.read()
            if "xend ready" in log:
                self.port = int(re.search(r"listening on tcp:127\.0\.0\.1:(\d+)", log).group(1))
                break
            if self.process.poll() is not None:
                raise SystemExit(f"xend exited:\n{log}")
            time.sleep(0.05)
        else:
            raise SystemExit("xend did not become ready")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def unix(self, method, path, form=None, accept="application/json"):
        connection = UnixConnection(self.socket)
        body = urllib.parse.urlencode(form) if form else None
        headers = {"Accept": accept}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()

    def tcp(self, path, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-type"), response.read().decode()

    def scrape(self):
        status, content_type, text = self.tcp("/metrics")
        if status != 200:
            raise SystemExit(f"GET /metrics: {status} {text}")
        samples = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return content_type, samples


def value(samples, metric, **labels):
    return samples.get((metric, tuple(sorted(labels.items()))))


def main():
    xend = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="xend-metrics-") as work:
        daemon = Daemon(xend, work, "main")
        try:
            scrape_main(daemon)
        finally:
            daemon.stop()

        token_file = os.path.join(work, "token.txt")
        with open(token_file, "w") as file:
            file.write("s3cret\n")
        guarded = Daemon(xend, work, "token", "--token-file", token_file)
        try:
            status, _, _ = guarded.tcp("/metrics")
            check("without the bearer token /metrics is refused", status in (401, 403), status)
            status, _, _ = guarded.tcp("/metrics", {"Authorization": "Bearer s3cret"})
            check("with the bearer token /metrics answers", status == 200, status)
        finally:
            guarded.stop()

        fenced = Daemon(xend, work, "hosts", "--hosts-allow", r"^10\.9\.9\.9$")
        try:
            status, _, _ = fenced.tcp("/metrics")
            check("a peer hosts-allow does not admit is refused /metrics", status == 403, status)
        finally:
            fenced.stop()

        off = Daemon(xend, work, "off", config="(xend-metrics no)\n")
        try:
            status, _, body = off.tcp("/metrics")
            check("(xend-metrics no): /metrics is the router's 404", status == 404 and "metrics" in body, status)
        finally:
            off.stop()
    if FAILURES:
        print(f"metrics-check: {len(FAILURES)} failure(s)")
        sys.exit(1)
    print("metrics-check: all passed")


def scrape_main(daemon):
    config = "(vm (name vm1) (memory 256) (maxmem 512) (vcpus 2) (image (linux (kernel /boot/vmlinuz))))"
    status, _ = daemon.unix("POST", "/xend/domain/", {"op": "create", "config": config})
    check("create vm1", status in (200, 201), status)
    daemon.unix("POST", "/xend/domain/vm1", {"op": "unpause"})
    _, record = daemon.unix("GET", "/xend/domain/vm1")
    domain = json.loads(record)
    _, node_text = daemon.unix("GET", "/xend/node")
    node = json.loads(node_text)

    content_type, samples = daemon.scrape()
    check("content type is the text format 0.0.4", content_type.startswith("text/plain; version=0.0.4"), content_type)
    labels = {"name": "vm1", "id": str(domain["domid"])}
    check("vm1 memory matches the API", value(samples, "xend_domain_memory_bytes", **labels) == domain["memory_mib"] * MIB,
          value(samples, "xend_domain_memory_bytes", **labels))
    check("vm1 max memory matches the API",
          value(samples, "xend_domain_memory_max_bytes", **labels) == domain["maxmem_mib"] * MIB)
    check("vm1 vcpus match the API", value(samples, "xend_domain_vcpus", **labels) == domain["online_vcpus"])
    check("vm1 cpu seconds match the API (within a second)",
          abs(value(samples, "xend_domain_cpu_seconds_total", **labels) - domain["cpu_time"]) < 1.0)
    check("vm1 is running", value(samples, "xend_domain_state", state="running", **labels) == 1)
    check("vm1 is not paused", value(samples, "xend_domain_state", state="paused", **labels) == 0)
    check("Domain-0 has series", value(samples, "xend_domain_memory_bytes", name="Domain-0", id="0") is not None)
    check("host total memory matches the API",
          value(samples, "xend_host_memory_total_bytes") == node["total_memory_mib"] * MIB)
    free = value(samples, "xend_host_memory_free_bytes")
    check("host free memory is within the total", free is not None and 0 <= free <= node["total_memory_mib"] * MIB)
    check("build info names a version", any(k[0] == "xend_build_info" and v == 1 for k, v in samples.items()))
    check("the create was counted",
          value(samples, "xend_http_requests_total", route="/xend/domain", method="POST", status="201") == 1
          or value(samples, "xend_http_requests_total", route="/xend/domain", method="POST", status="200") == 1)
    check("GET /xend/domain/vm1 was timed",
          value(samples, "xend_http_request_duration_seconds_count", route="/xend/domain/{domain}", method="GET") == 1)

    image = os.path.join(daemon.save, "vm1.save")
    status, _ = daemon.unix("POST", "/xend/domain/vm1", {"op": "save", "file": image})
    check("save vm1", status in (200, 202), status)
    status, _ = daemon.unix("POST", "/xend/domain/", {"op": "restore", "file": image})
    check("restore vm1", status in (200, 201), status)
    status, _ = daemon.unix("POST", "/xend/domain/", {"op": "restore", "file": daemon.save + "/missing"})
    _, samples = daemon.scrape()
    check("one save succeeded", value(samples, "xend_domain_operations_total", operation="save", result="success") == 1)
    check("one restore succeeded",
          value(samples, "xend_domain_operations_total", operation="restore", result="success") == 1)
    check("one restore failed", value(samples, "xend_domain_operations_total", operation="restore", result="failure") == 1)
    check("two restores were timed",
          value(samples, "xend_domain_operation_duration_seconds_count", operation="restore") == 2)
    check("no migration yet", value(samples, "xend_domain_operations_total", operation="migrate", result="success") is None)
    status, _, _ = daemon.tcp("/metrics")
    _, samples = daemon.scrape()
    check("scrapes are counted", (value(samples, "xend_http_requests_total", route="/metrics", method="GET", status="200")
                                  or 0) >= 3)


if __name__ == "__main__":
    main()
