extension ConsoleAssets {
    /// The console's script: plain browser JavaScript, no framework. It reads the host through the same
    /// routes as any client (`/xend/…` with `Accept: application/json`, plus `/console/domains`) and runs
    /// every operation as the `op=` form post a client would send, with the session's anti-forgery token
    /// in `X-Xend-Console-Token` (docs/console.md).
    static let script = #"""
        "use strict";
        const state = { session: null, domains: [], now: 0, sort: { key: "name", dir: 1 }, timer: null,
          generation: 0, domainName: null };
        const $ = (id) => document.getElementById(id);
        const views = ["login", "host", "domains", "domain", "create"];

        function el(tag, text, attrs) {
          const node = document.createElement(tag);
          if (text !== undefined && text !== null) node.textContent = String(text);
          for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
          return node;
        }

        function flash(message, isError) {
          const box = $("flash");
          box.textContent = message;
          box.className = isError ? "error" : "";
        }

        class RequestError extends Error {
          constructor(status, message) { super(message); this.status = status; }
        }

        async function request(path, options) {
          const opts = Object.assign({ credentials: "same-origin" }, options || {});
          opts.headers = Object.assign({ "Accept": "application/json" }, opts.headers || {});
          if (opts.method === "POST" && state.session) {
            opts.headers["X-Xend-Console-Token"] = state.session.antiForgeryToken;
          }
          const response = await fetch(path, opts);
          const text = await response.text();
          if (!response.ok) {
            let message = text;
            try { message = JSON.parse(text).error.message; } catch (e) { /* not JSON: keep the text */ }
            throw new RequestError(response.status, message || ("HTTP " + response.status));
          }
          return { response, text };
        }

        async function getJSON(path) { return JSON.parse((await request(path)).text); }
        async function getText(path) { return (await request(path, { headers: { "Accept": "text/plain" } })).text; }

        async function post(path, params) {
          return request(path, { method: "POST", body: new URLSearchParams(params) });
        }

        function domainPath(name) { return "/xend/domain/" + encodeURIComponent(name); }

        // The record's state flags ("-b----") or numeric status, as a word.
        const statusNames = ["halted", "paused", "running", "suspended", "shutdown", "crashed", "unknown"];
        function stateOf(record) {
          if (typeof record.status === "number" && statusNames[record.status]) {
            const word = statusNames[record.status];
            if (word === "running" && typeof record.state === "string" && record.state.includes("b")) return "blocked";
            return word;
          }
          if (typeof record.state === "string") {
            const flags = { r: "running", b: "blocked", p: "paused", s: "shutdown", c: "crashed", d: "dying" };
            for (const ch of record.state) if (flags[ch]) return flags[ch];
          }
          return record.domid === undefined || record.domid === null ? "halted" : "unknown";
        }

        function uptimeOf(record) {
          if (!record.start_time || record.domid === undefined || record.domid === null) return null;
          return Math.max(0, state.now - record.start_time);
        }

        function formatDuration(seconds) {
          if (seconds === null || seconds === undefined) return "–";
          const s = Math.floor(seconds);
          const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
          if (d > 0) return d + "d " + h + "h";
          if (h > 0) return h + "h " + m + "m";
          return m + "m " + (s % 60) + "s";
        }

        function rowValue(record, key) {
          switch (key) {
            case "name": return record.name;
            case "domid": return record.domid === undefined || record.domid === null ? -1 : record.domid;
            case "state": return stateOf(record);
            case "memory": return record.memory_mib || 0;
            case "vcpus": return record.online_vcpus || record.vcpus || 0;
            case "cpu": return record.cpu_time || 0;
            case "uptime": return uptimeOf(record) || 0;
          }
          return "";
        }

        async function loadDomains() {
          const table = await getJSON("/console/domains");
          state.domains = table.domains;
          state.now = table.now;
        }

        function renderDomains() {
          const body = $("domains-body");
          // The rows are rebuilt on every refresh: keep the keyboard focus on the same domain's link.
          const focused = body.contains(document.activeElement) ? document.activeElement.closest("tr") : null;
          const focusedName = focused ? focused.dataset.domain : null;
          const { key, dir } = state.sort;
          const rows = state.domains.slice().sort((a, b) => {
            const x = rowValue(a, key), y = rowValue(b, key);
            if (x < y) return -dir;
            if (x > y) return dir;
            return a.name < b.name ? -1 : 1;
          });
          body.replaceChildren(...rows.map((record) => {
            const tr = el("tr", null, { "data-domain": record.name });
            const nameCell = el("th", null, { scope: "row" });
            nameCell.append(el("a", record.name, { href: "#domain/" + encodeURIComponent(record.name) }));
            tr.append(nameCell);
            tr.append(el("td", record.domid === undefined || record.domid === null ? "–" : record.domid));
            tr.append(el("td", stateOf(record), { class: "state" }));
            tr.append(el("td", record.memory_mib));
            tr.append(el("td", record.online_vcpus || record.vcpus));
            tr.append(el("td", record.cpu_time === undefined ? "–" : Number(record.cpu_time).toFixed(1)));
            tr.append(el("td", formatDuration(uptimeOf(record))));
            return tr;
          }));
          for (const th of document.querySelectorAll("#domains-table th[data-key]")) {
            if (th.dataset.key === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
            else th.removeAttribute("aria-sort");
          }
          if (focusedName !== null) {
            const row = Array.from(body.rows).find((tr) => tr.dataset.domain === focusedName);
            if (row) row.querySelector("a").focus();
          }
          $("domains-updated").textContent = "Last update " + new Date().toLocaleTimeString() + ".";
        }

        const palette = ["#1f4e9c", "#b35c00", "#2d7a3a", "#7a2d7a", "#8c1c1c", "#356f80", "#6b5b00"];

        async function showHost() {
          const node = await getJSON("/xend/node");
          await loadDomains();
          const facts = [
            ["Host name", node.host], ["Kernel", node.system + " " + node.release],
            ["CPUs", node.nr_cpus + " × " + node.cpu_mhz + " MHz"],
            ["Topology", node.nr_nodes + " node(s), " + node.cores_per_socket + " core(s) per socket, "
              + node.threads_per_core + " thread(s) per core"],
            ["Xen", node.xen_major + "." + node.xen_minor + node.xen_extra],
            ["Scheduler", node.xen_scheduler || "–"],
            ["Memory", node.total_memory_mib + " MiB total, " + node.free_memory_mib + " MiB free"],
          ];
          $("host-facts").replaceChildren(...facts.map(([k, v]) => {
            const tr = el("tr"); tr.append(el("th", k, { scope: "row" }), el("td", v)); return tr;
          }));
          const total = node.total_memory_mib || 1;
          const parts = state.domains.filter((d) => d.domid !== undefined && d.domid !== null)
            .map((d) => [d.name, d.memory_mib]);
          parts.push(["free", node.free_memory_mib]);
          const bar = $("memory-bar");
          bar.replaceChildren(...parts.map(([name, mib], i) => {
            const color = name === "free" ? "#e4e4e4" : palette[i % palette.length];
            const span = el("span", null, { title: name + ": " + mib + " MiB" });
            span.style.width = (100 * mib / total) + "%";
            span.style.background = color;
            return span;
          }));
          bar.setAttribute("aria-label", parts.map(([n, m]) => n + " " + m + " MiB").join(", "));
          $("memory-table").replaceChildren(...parts.map(([name, mib], i) => {
            const tr = el("tr");
            const th = el("th", null, { scope: "row" });
            const swatch = el("span", null, { class: "swatch", "aria-hidden": "true" });
            swatch.style.background = name === "free" ? "#e4e4e4" : palette[i % palette.length];
            th.append(swatch, document.createTextNode(name));
            tr.append(th, el("td", mib), el("td", (100 * mib / total).toFixed(1) + " %"));
            return tr;
          }));
          $("dmesg").textContent = await getText("/xend/node/dmesg") || "(empty)";
          const log = $("daemon-log");
          log.textContent = await getText("/xend/node/log") || "(empty)";
          log.scrollTop = log.scrollHeight;
        }

        // Nested values as indented "key: value" lines; short lists of plain values on one line.
        function describeValue(value, indent) {
          const pad = "  ".repeat(indent || 0);
          if (value === null || value === undefined) return "–";
          if (value === "") return "(empty)";
          if (Array.isArray(value)) {
            const flat = JSON.stringify(value);
            if (flat.length <= 72) return flat;
            return value.map((item) => pad + "- " + describeValue(item, (indent || 0) + 1).trimStart()).join("\n");
          }
          if (typeof value === "object") {
            return Object.keys(value).map((key) => {
              const item = value[key];
              const short = Array.isArray(item) && JSON.stringify(item).length <= 72;
              if (item !== null && typeof item === "object" && !short) {
                return pad + key + ":\n" + describeValue(item, (indent || 0) + 1);
              }
              return pad + key + ": " + describeValue(item);
            }).join("\n");
          }
          return String(value);
        }

        async function showDomain(name) {
          state.domainName = name;
          const record = await getJSON(domainPath(name));
          state.now = Math.floor(Date.now() / 1000);
          $("domain-title").textContent = "Domain " + record.name + " (" + stateOf(record) + ")";
          $("domain-tree-link").href = domainPath(record.name);
          const body = $("domain-record");
          const rows = Object.keys(record).filter((k) => k !== "devices" && k !== "image").sort()
            .map((k) => [k, record[k]]);
          if (record.start_time) {
            rows.push(["started", new Date(record.start_time * 1000).toLocaleString() + " (up "
              + formatDuration(Date.now() / 1000 - record.start_time) + ")"]);
          }
          if (record.image) rows.push(["image", record.image]);
          body.replaceChildren(...rows.map(([k, v]) => {
            const tr = el("tr");
            const cell = el("td");
            cell.append(typeof v === "object" && v !== null ? el("pre", describeValue(v)) : describeValue(v));
            tr.append(el("th", k, { scope: "row" }), cell);
            return tr;
          }));
          const devices = record.devices || [];
          $("domain-devices").replaceChildren(...devices.map((device) => {
            const tr = el("tr");
            const kind = typeof device === "object" && device !== null ? (Object.keys(device)[0] || "") : "";
            const config = kind && typeof device[kind] === "object" ? device[kind] : device;
            const cell = el("td"); cell.append(el("pre", describeValue(config)));
            tr.append(el("th", kind || "device", { scope: "row" }), cell);
            return tr;
          }));
          if (devices.length === 0) {
            const tr = el("tr"); tr.append(el("td", "No devices.", { colspan: "2" }));
            $("domain-devices").replaceChildren(tr);
          }
          const word = stateOf(record);
          const active = record.domid !== undefined && record.domid !== null;
          const enabled = { pause: active && word !== "paused", unpause: word === "paused", reboot: active,
            destroy: active, start: !active, delete: !active };
          for (const button of document.querySelectorAll("#domain-ops button[data-op]")) {
            button.disabled = !enabled[button.dataset.op];
          }
          for (const id of ["shutdown-form", "memory-form", "vcpus-form"]) {
            $(id).querySelector("button").disabled = !active;
          }
          // Saving needs a running guest ("Domain is not running" otherwise).
          $("save-form").querySelector("button").disabled = !active || word === "paused";
          const file = $("save-file");
          if (!file.dataset.edited) file.value = state.session.saveDirectory + "/" + record.name + ".save";
          const memory = $("memory-target");
          if (document.activeElement !== memory) memory.value = record.memory_mib;
          const vcpus = $("vcpus-count");
          if (document.activeElement !== vcpus) vcpus.value = record.vcpus;
        }

        function confirmAction(message) {
          const dialog = $("confirm");
          $("confirm-text").textContent = message;
          return new Promise((resolve) => {
            dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
            dialog.returnValue = "";
            dialog.showModal();
            $("confirm-cancel").focus();
          });
        }

        const operations = {
          pause: { params: { op: "pause" } },
          unpause: { params: { op: "unpause" } },
          reboot: { params: { op: "shutdown", reason: "reboot" }, confirm: "Reboot domain %s?" },
          destroy: { params: { op: "destroy" }, confirm: "Destroy domain %s? It stops at once, without shutdown." },
          start: { params: { op: "start" } },
          delete: { params: { op: "delete" }, confirm: "Delete the configuration of domain %s?" },
        };

        async function runOperation(label, params, confirmText) {
          const name = state.domainName;
          if (confirmText && !(await confirmAction(confirmText.replace("%s", name)))) {
            flash(label + " cancelled.");
            return;
          }
          try {
            await post(domainPath(name), params);
            flash(label + " " + name + ": done.");
            if (params.op === "destroy" || params.op === "delete" || params.op === "save") {
              clearInterval(state.timer);
              state.generation++;
              location.hash = "#domains";
              return;
            }
            await showDomain(name);
          } catch (error) {
            flash(label + " " + name + " failed: " + error.message, true);
          }
        }

        function show(view) {
          for (const name of views) $("view-" + name).hidden = name !== view;
        }

        async function route() {
          clearInterval(state.timer);
          state.timer = null;
          // A refresh still in flight when the view changes must not report into the new view.
          const generation = ++state.generation;
          const poll = (work) => setInterval(() => work().catch((error) => {
            if (generation === state.generation) pollFailed(error);
          }), 2000);
          const hash = decodeURIComponent(location.hash.replace(/^#/, ""));
          try {
            if (hash.startsWith("domain/")) {
              $("domain-title").textContent = "Domain";
              show("domain");
              await showDomain(hash.slice("domain/".length));
              state.timer = poll(() => showDomain(state.domainName));
            } else if (hash === "domains") {
              show("domains");
              await loadDomains();
              renderDomains();
              state.timer = poll(() => loadDomains().then(renderDomains));
            } else if (hash === "create") {
              show("create");
            } else {
              show("host");
              await showHost();
            }
          } catch (error) {
            if (error.status === 401) return askForLogin();
            flash(error.message, true);
          }
        }

        function pollFailed(error) {
          if (error.status === 401) askForLogin(); else flash("Refresh failed: " + error.message, true);
        }

        function askForLogin() {
          clearInterval(state.timer);
          state.session = null;
          $("nav").hidden = true;
          $("logout").hidden = true;
          show("login");
          $("login-token").focus();
        }

        async function start() {
          try {
            state.session = await getJSON("/console/session");
          } catch (error) {
            if (error.status === 401) return askForLogin();
            flash(error.message, true);
            return;
          }
          $("nav").hidden = false;
          $("logout").hidden = !state.session.loginRequired;
          $("restore-file").placeholder = state.session.saveDirectory + "/name.save";
          await route();
        }

        function wire() {
          window.addEventListener("hashchange", () => route());
          $("login-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const token = $("login-token").value.trim();
            try {
              const response = await fetch("/console/login", { method: "POST", credentials: "same-origin",
                headers: { "Authorization": "Bearer " + token, "Accept": "application/json" } });
              if (!response.ok) throw new Error(response.status === 401 ? "Wrong token." : "HTTP " + response.status);
              $("login-token").value = "";
              $("login-error").textContent = "";
              await start();
            } catch (error) {
              $("login-error").textContent = error.message;
            }
          });
          $("logout").addEventListener("click", async () => {
            try { await post("/console/logout", {}); } catch (error) { /* the session may be gone already */ }
            askForLogin();
          });
          for (const th of document.querySelectorAll("#domains-table th[data-key]")) {
            th.querySelector("button").addEventListener("click", () => {
              const key = th.dataset.key;
              state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
              renderDomains();
            });
          }
          for (const button of document.querySelectorAll("#domain-ops button[data-op]")) {
            const spec = operations[button.dataset.op];
            button.addEventListener("click", () => runOperation(button.textContent, spec.params, spec.confirm));
          }
          $("shutdown-form").addEventListener("submit", (event) => {
            event.preventDefault();
            const reason = $("shutdown-reason").value;
            runOperation("Shut down", { op: "shutdown", reason }, "Shut down domain %s (" + reason + ")?");
          });
          $("save-file").addEventListener("input", () => { $("save-file").dataset.edited = "1"; });
          $("save-form").addEventListener("submit", (event) => {
            event.preventDefault();
            const file = $("save-file").value;
            runOperation("Save", { op: "save", file }, "Save domain %s to " + file + "? It stops running.");
          });
          $("memory-form").addEventListener("submit", (event) => {
            event.preventDefault();
            runOperation("Set memory", { op: "mem_target_set", target: $("memory-target").value });
          });
          $("vcpus-form").addEventListener("submit", (event) => {
            event.preventDefault();
            runOperation("Set vCPUs", { op: "set_vcpus", vcpus: $("vcpus-count").value });
          });
          $("restore-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            try {
              await post("/xend/domain/", { op: "restore", file: $("restore-file").value });
              flash("Restored from " + $("restore-file").value + ".");
              await loadDomains();
              renderDomains();
            } catch (error) {
              flash("Restore failed: " + error.message, true);
            }
          });
          $("create-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            try {
              const { text } = await post("/xend/domain/", { op: "create", config: $("create-config").value });
              const record = JSON.parse(text);
              flash("Created " + record.name + " (paused, as op=create leaves it).");
              location.hash = "#domains";
            } catch (error) {
              flash("Create failed: " + error.message, true);
            }
          });
        }

        document.addEventListener("DOMContentLoaded", () => { wire(); start(); });

        """#
}
