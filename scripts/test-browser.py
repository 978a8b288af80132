#!/usr/bin/python3
"""The web console in a real headless Chromium (docs/console.md).

Starts the built xend on the simulated host with a temporary state directory, TCP on a free loopback
port and a bearer token, then drives Chromium through chromium-driver (python3-selenium): logs in
through the form, loads the host page, creates a guest through the create form, sees it in the domains
table, unpauses and pauses it and sees the state change, sets its memory, saves it to the save directory
and restores it, destroys it through the confirmation dialog,
checks that a page on another origin (a second small HTTP server) cannot create a domain, and logs in
once more over TLS (a throw-away self-signed certificate) to see the cookie marked Secure. Saves a
screenshot of each page under .build/browser-screenshots/ and prints 'N passed, 0 failed'.

usage: scripts/test-browser.py <path to xend> [--keep-screenshot docs/console.png]
"""

import argparse
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TOKEN = "browser-test-token-6c1f"
WAIT = 20  # seconds an explicit wait may take on a loaded 2-core machine before it fails
SHOTS = os.path.join(".build", "browser-screenshots")

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=30):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"xend exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)  # polling a port that is not open yet: there is nothing to wait on
    raise RuntimeError(f"xend did not listen on {port}")


def api(port, path, data=None):
    """A plain API client with the bearer token (what xendctl would do)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data.encode() if data else None,
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def api_text(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {TOKEN}", "Accept": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def domain_names(port):
    return [d["name"] for d in api(port, "/console/domains")["domains"]]


class EvilPage(http.server.BaseHTTPRequestHandler):
    """Another origin: a page that tries a form post and a fetch to the daemon."""

    target = ""

    def do_GET(self):
        config = "(vm (name csrf) (memory 64) (image (linux (kernel /boot/vmlinuz))))"
        page = f"""<!DOCTYPE html><html><head><title>elsewhere</title></head><body>
<h1>Another site</h1>
<form id="f" method="POST" action="{self.target}/xend/domain/">
<input type="hidden" name="op" value="create"><input type="hidden" name="config" value="{config}">
<button id="send" type="submit">send</button></form>
<p id="fetch-result">pending</p>
<script>
fetch("{self.target}/xend/domain/", {{method: "POST", mode: "no-cors", credentials: "include",
  headers: {{"Content-Type": "application/x-www-form-urlencoded"}},
  body: "op=create&config=" + encodeURIComponent("{config.replace('csrf', 'csrf2')}")}})
  .then(() => document.getElementById("fetch-result").textContent = "sent")
  .catch((e) => document.getElementById("fetch-result").textContent = "blocked " + e);
</script></body></html>"""
        body = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_daemon(xend, work, name, port, token_file, extra=()):
    """xend on the simulated host with its own sockets, state and save directories under work/name."""
    base = os.path.join(work, name)
    daemon = subprocess.Popen(
        [xend, "--config", "/dev/null", "--backend", "simulated",
         "--unix-path", os.path.join(base, "run", "xend-socket"), "--tcp-port", str(port),
         "--state-dir", os.path.join(base, "state"), "--save-dir", os.path.join(base, "save"),
         "--token-file", token_file, *extra],
        stdout=open(os.path.join(work, f"xend-{name}.log"), "w"), stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, daemon)
    except RuntimeError:
        stop_daemon(daemon)
        raise
    return daemon


def stop_daemon(daemon):
    if daemon.poll() is None:
        daemon.terminate()
        daemon.wait(timeout=60)


def start_browser(profile, *flags):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1200,1000", f"--user-data-dir={profile}", *flags):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def tls_phase(xend, work, token_file):
    """With --tls-cert/--tls-key the console is served over HTTPS and its cookie is marked Secure."""
    key, cert = os.path.join(work, "key.pem"), os.path.join(work, "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True)
    port = free_port()
    daemon = start_daemon(xend, work, "tls", port, token_file, ("--tls-cert", cert, "--tls-key", key))
    driver = None
    try:
        # The certificate is self-signed for the test; the browser is told to accept it.
        driver = start_browser(os.path.join(work, "chromium-tls"), "--ignore-certificate-errors")
        wait = WebDriverWait(driver, WAIT)
        driver.get(f"https://127.0.0.1:{port}/")
        wait.until(EC.visibility_of_element_located((By.ID, "login-token"))).send_keys(TOKEN + "\n")
        wait.until(EC.text_to_be_present_in_element((By.ID, "host-facts"), "credit"))
        cookie = driver.get_cookie("xend_console")
        check("over TLS the console logs in and its cookie is Secure", cookie and cookie.get("secure"), str(cookie))
        shot(driver, "11-tls")
    finally:
        if driver:
            driver.quit()
        stop_daemon(daemon)


def shot(driver, name):
    path = os.path.join(SHOTS, name + ".png")
    driver.save_screenshot(path)
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("xend")
    parser.add_argument("--keep-screenshot", help="copy the domains page screenshot here (docs/console.png)")
    args = parser.parse_args()

    os.makedirs(SHOTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="xend-browser.")
    token_file = os.path.join(work, "token")
    with open(token_file, "w") as handle:
        handle.write(TOKEN)
    os.chmod(token_file, 0o600)
    port = free_port()
    daemon = start_daemon(args.xend, work, "plain", port, token_file)
    evil = None
    driver = None
    try:
        origin = f"http://127.0.0.1:{port}"

        EvilPage.target = origin
        evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EvilPage)
        threading.Thread(target=evil.serve_forever, daemon=True).start()

        driver = start_browser(os.path.join(work, "chromium"))
        wait = WebDriverWait(driver, WAIT)

        def visible(element_id):
            return wait.until(EC.visibility_of_element_located((By.ID, element_id)))

        # Login: the page is public, everything else answers 401 until the form is used.
        driver.get(origin + "/")
        token_input = visible("login-token")
        check("the console asks for the token first", token_input.is_displayed())
        shot(driver, "01-login")
        token_input.send_keys("wrong-token")
        driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "login-error"), "Wrong token"))
        check("a wrong token is refused", True)
        token_input.clear()
        token_input.send_keys(TOKEN)
        driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
        visible("view-host")
        wait.until(EC.text_to_be_present_in_element((By.ID, "host-facts"), "credit"))
        cookie = driver.get_cookie("xend_console")
        check("login sets the session cookie", cookie is not None)
        check("the cookie is HttpOnly and SameSite=Strict",
              cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict", str(cookie))
        check("the host page shows the CPUs", "8 × 2400 MHz" in driver.find_element(By.ID, "host-facts").text)
        wait.until(lambda d: d.find_element(By.ID, "daemon-log").text.strip() != "")
        check("the host page shows the daemon log", "xend" in driver.find_element(By.ID, "daemon-log").text)
        shot(driver, "02-host")

        # Create through the form.
        driver.find_element(By.CSS_SELECTOR, "a[href='#create']").click()
        config = visible("create-config")
        config.clear()
        config.send_keys("(vm (name webguest) (memory 512) (vcpus 2) (image (linux (kernel /boot/vmlinuz))))")
        shot(driver, "03-create")
        driver.find_element(By.CSS_SELECTOR, "#create-form button").click()
        visible("view-domains")
        row = (By.CSS_SELECTOR, "#domains-body tr[data-domain='webguest']")
        wait.until(EC.presence_of_element_located(row))
        check("the created guest is in the table", "webguest" in domain_names(port))
        state_cell = (By.CSS_SELECTOR, "#domains-body tr[data-domain='webguest'] td.state")
        wait.until(EC.text_to_be_present_in_element(state_cell, "paused"))
        check("op=create leaves it paused, and the table says so", True)

        # Sorting by a column.
        driver.find_element(By.CSS_SELECTOR, "#domains-table th[data-key='memory'] button").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#domains-table th[data-key='memory']")
                   .get_attribute("aria-sort") == "ascending")
        names = [r.get_attribute("data-domain") for r in driver.find_elements(By.CSS_SELECTOR, "#domains-body tr")]
        check("sorting by memory puts the 512 MiB guest before Domain-0", names == ["webguest", "Domain-0"], names)
        shot(driver, "04-domains")
        if args.keep_screenshot:
            shutil.copyfile(os.path.join(SHOTS, "04-domains.png"), args.keep_screenshot)

        # Domain page: unpause, then pause, and see the state change (the page polls).
        driver.find_element(By.CSS_SELECTOR, "#domains-body a[href='#domain/webguest']").click()
        title = (By.ID, "domain-title")
        wait.until(EC.text_to_be_present_in_element(title, "webguest (paused)"))
        driver.find_element(By.CSS_SELECTOR, "#domain-ops button[data-op='unpause']").click()
        wait.until(lambda d: "paused" not in d.find_element(*title).text)
        check("unpause: the page shows it running", "(paused)" not in driver.find_element(*title).text)
        driver.find_element(By.CSS_SELECTOR, "#domain-ops button[data-op='pause']").click()
        wait.until(EC.text_to_be_present_in_element(title, "(paused)"))
        check("pause: the page shows it paused", True)
        record = api(port, "/xend/domain/webguest")
        check("the daemon agrees it is paused", record.get("status") == 1, record.get("state"))
        shot(driver, "05-domain")

        # Memory target, then save (confirmed) to the save directory and restore from the domains page.
        memory = driver.find_element(By.ID, "memory-target")
        memory.clear()
        memory.send_keys("384")
        driver.find_element(By.CSS_SELECTOR, "#memory-form button").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "flash"), "Set memory webguest: done"))
        check("set memory: the daemon has the new target",
              api(port, "/xend/domain/webguest")["memory_mib"] == 384)
        driver.find_element(By.CSS_SELECTOR, "#domain-ops button[data-op='unpause']").click()
        wait.until(lambda d: "paused" not in d.find_element(*title).text)
        save_file = os.path.join(work, "plain", "save", "webguest.save")
        check("the save form offers the save directory",
              driver.find_element(By.ID, "save-file").get_attribute("value") == save_file)
        driver.find_element(By.CSS_SELECTOR, "#save-form button").click()
        visible("confirm")
        driver.find_element(By.ID, "confirm-ok").click()
        visible("view-domains")
        wait.until(EC.invisibility_of_element_located(row))
        check("save: the image is in the save directory and the guest is gone",
              os.path.exists(save_file) and "webguest" not in domain_names(port))
        restore = driver.find_element(By.ID, "restore-file")
        restore.send_keys(save_file)
        driver.find_element(By.CSS_SELECTOR, "#restore-form button").click()
        wait.until(EC.visibility_of_element_located(row))
        check("restore: the guest is back", "webguest" in domain_names(port))
        driver.find_element(By.CSS_SELECTOR, "#domains-body a[href='#domain/webguest']").click()
        wait.until(EC.text_to_be_present_in_element(title, "Domain webguest ("))

        # Destroy, through the confirmation dialog: Cancel first keeps it, Confirm destroys it.
        driver.find_element(By.CSS_SELECTOR, "#domain-ops button[data-op='destroy']").click()
        visible("confirm")
        shot(driver, "06-confirm")
        driver.find_element(By.ID, "confirm-cancel").click()
        wait.until(EC.text_to_be_present_in_element((By.ID, "flash"), "cancelled"))
        check("cancelling the dialog keeps the guest", "webguest" in domain_names(port))
        driver.find_element(By.CSS_SELECTOR, "#domain-ops button[data-op='destroy']").click()
        visible("confirm")
        driver.find_element(By.ID, "confirm-ok").click()
        visible("view-domains")
        wait.until(EC.invisibility_of_element_located(row))
        check("destroy removes it from the table and the host", "webguest" not in domain_names(port))

        # The resource tree: HTML with links, the record as a table.
        driver.get(origin + "/xend/domain/Domain-0")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.record")))
        check("the tree page links back to the domain list",
              len(driver.find_elements(By.CSS_SELECTOR, ".crumbs a[href='/xend/domain']")) == 1)
        shot(driver, "07-tree")

        # Another origin: its fetch and its form post must be refused (403 in the daemon's log), nothing created.
        def refused_posts():
            return api_text(port, "/xend/node/log").count("POST /xend/domain/ 403")

        before = refused_posts()
        evil_origin = f"http://127.0.0.1:{evil.server_address[1]}"
        driver.get(evil_origin + "/")
        wait.until(EC.text_to_be_present_in_element((By.ID, "fetch-result"), "sent"))
        wait.until(lambda _: refused_posts() >= before + 1)
        check("the other origin's fetch is refused with 403", refused_posts() == before + 1)
        shot(driver, "08-other-origin")
        driver.find_element(By.ID, "send").click()
        wait.until(EC.url_contains(f":{port}/xend/domain/"))
        wait.until(lambda _: refused_posts() >= before + 2)
        check("the other origin's form post is refused with 403", refused_posts() == before + 2)
        shot(driver, "09-refused")
        names = domain_names(port)
        check("nothing was created by the other origin", "csrf" not in names and "csrf2" not in names, names)

        # Logout clears the cookie and the console asks again.
        driver.get(origin + "/#host")
        visible("view-host")
        visible("logout").click()
        visible("login-token")
        check("logout ends the session", driver.get_cookie("xend_console") is None)

        # Phone width: the page is readable without sideways scrolling of the body.
        driver.set_window_size(390, 844)
        driver.find_element(By.ID, "login-token").send_keys(TOKEN + "\n")
        visible("view-host")
        wait.until(EC.text_to_be_present_in_element((By.ID, "host-facts"), "credit"))
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check("no horizontal overflow at 390 px", width <= 390, width)
        shot(driver, "10-phone")
        driver.quit()
        driver = None
        tls_phase(args.xend, work, token_file)
    except TimeoutException as error:
        check("explicit wait", False, f"timed out: {error.msg or ''}")
        if driver:
            shot(driver, "failure")
            print(driver.page_source[:3000])
    finally:
        if driver:
            driver.quit()
        if evil:
            evil.shutdown()
        stop_daemon(daemon)
        if failed:
            for name in ("plain", "tls"):
                log = os.path.join(work, f"xend-{name}.log")
                if os.path.exists(log):
                    print(f"--- {log}\n" + open(log).read()[-4000:])
        shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots in {SHOTS}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
