/// The console's page and style sheet, served from the binary as they are here (no build step, no
/// framework). The script is in `ConsoleAssets+Script.swift`. Every value the page shows is put in with
/// `textContent` by the script, never as markup, and the page's `Content-Security-Policy` allows only
/// these files' own script and style (``ConsoleResponder/securityHeaders``).
enum ConsoleAssets {
    static let page = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>xend console</title>
        <link rel="stylesheet" href="/console/console.css">
        <script src="/console/console.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="bar">
        <span class="brand">xend console</span>
        <nav aria-label="Console" id="nav" hidden>
        <a href="#host">Host</a> <a href="#domains">Domains</a> <a href="#create">Create</a>
        <a href="/xend/">Resource tree</a>
        </nav>
        <button type="button" id="logout" class="quiet" hidden>Log out</button>
        </header>
        <main id="main" tabindex="-1">
        <p id="flash" role="status" aria-live="polite"></p>

        <section id="view-login" hidden aria-labelledby="login-title">
        <h1 id="login-title">Log in</h1>
        <p>This daemon asks for its bearer token on TCP (the file given to <code>--token-file</code>).</p>
        <form id="login-form">
        <label for="login-token">Bearer token</label>
        <input id="login-token" name="token" type="password" autocomplete="current-password" required>
        <button type="submit">Log in</button>
        </form>
        <p id="login-error" class="error" role="alert"></p>
        </section>

        <section id="view-host" hidden aria-labelledby="host-title">
        <h1 id="host-title">Host</h1>
        <table class="facts"><caption>Machine and hypervisor</caption><tbody id="host-facts"></tbody></table>
        <h2 id="memory-title">Memory</h2>
        <div id="memory-bar" class="memory-bar" role="img" aria-label="Memory"></div>
        <table class="numbers"><caption>Memory by domain (MiB)</caption>
        <thead><tr><th scope="col">domain</th><th scope="col">MiB</th><th scope="col">share</th></tr></thead>
        <tbody id="memory-table"></tbody></table>
        <h2>Hypervisor messages (dmesg)</h2>
        <pre id="dmesg" class="log" tabindex="0" aria-label="Hypervisor messages"></pre>
        <h2>Daemon log</h2>
        <pre id="daemon-log" class="log" tabindex="0" aria-label="Daemon log"></pre>
        </section>

        <section id="view-domains" hidden aria-labelledby="domains-title">
        <h1 id="domains-title">Domains</h1>
        <p class="hint">Refreshes every two seconds. <span id="domains-updated"></span></p>
        <div class="scroll">
        <table id="domains-table" class="numbers sortable">
        <caption>Domains on this host; choose a column heading to sort</caption>
        <thead><tr>
        <th scope="col" data-key="name"><button type="button">Name</button></th>
        <th scope="col" data-key="domid"><button type="button">ID</button></th>
        <th scope="col" data-key="state"><button type="button">State</button></th>
        <th scope="col" data-key="memory"><button type="button">Memory (MiB)</button></th>
        <th scope="col" data-key="vcpus"><button type="button">vCPUs</button></th>
        <th scope="col" data-key="cpu"><button type="button">CPU time (s)</button></th>
        <th scope="col" data-key="uptime"><button type="button">Uptime</button></th>
        </tr></thead>
        <tbody id="domains-body"></tbody>
        </table>
        </div>
        <h2>Restore a saved domain</h2>
        <form id="restore-form" class="inline">
        <label for="restore-file">Save file</label>
        <input id="restore-file" name="file" type="text" required>
        <button type="submit">Restore</button>
        </form>
        </section>

        <section id="view-domain" hidden aria-labelledby="domain-title">
        <h1 id="domain-title">Domain</h1>
        <p><a id="domain-tree-link" href="/xend/domain">This record in the resource tree</a></p>
        <h2>Operations</h2>
        <div class="ops" id="domain-ops">
        <button type="button" data-op="pause">Pause</button>
        <button type="button" data-op="unpause">Unpause</button>
        <button type="button" data-op="reboot" class="danger">Reboot</button>
        <button type="button" data-op="destroy" class="danger">Destroy</button>
        <button type="button" data-op="start">Start</button>
        <button type="button" data-op="delete" class="danger">Delete</button>
        </div>
        <form id="shutdown-form" class="inline">
        <label for="shutdown-reason">Shut down with reason</label>
        <select id="shutdown-reason" name="reason">
        <option value="poweroff">poweroff</option><option value="reboot">reboot</option>
        <option value="halt">halt</option><option value="suspend">suspend</option>
        </select>
        <button type="submit" class="danger">Shut down</button>
        </form>
        <form id="save-form" class="inline">
        <label for="save-file">Save to</label>
        <input id="save-file" name="file" type="text" required>
        <button type="submit" class="danger">Save</button>
        </form>
        <form id="memory-form" class="inline">
        <label for="memory-target">Memory target (MiB)</label>
        <input id="memory-target" name="target" type="number" min="1" required>
        <button type="submit">Set memory</button>
        </form>
        <form id="vcpus-form" class="inline">
        <label for="vcpus-count">vCPUs</label>
        <input id="vcpus-count" name="vcpus" type="number" min="1" required>
        <button type="submit">Set vCPUs</button>
        </form>
        <h2>Record</h2>
        <div class="scroll">
        <table class="facts"><caption>Domain record</caption><tbody id="domain-record"></tbody></table>
        </div>
        <h2>Devices</h2>
        <div class="scroll">
        <table class="numbers"><caption>Devices of this domain</caption>
        <thead><tr><th scope="col">class</th><th scope="col">configuration</th></tr></thead>
        <tbody id="domain-devices"></tbody></table>
        </div>
        </section>

        <section id="view-create" hidden aria-labelledby="create-title">
        <h1 id="create-title">Create a domain</h1>
        <form id="create-form">
        <label for="create-config">Configuration (an S-expression, as <code>op=create</code> takes it)</label>
        <textarea id="create-config" name="config" rows="8" required spellcheck="false">
        (vm (name demo) (memory 256) (vcpus 1) (image (linux (kernel /boot/vmlinuz))))</textarea>
        <button type="submit">Create</button>
        </form>
        </section>
        </main>

        <dialog id="confirm" aria-labelledby="confirm-text">
        <form method="dialog">
        <p id="confirm-text"></p>
        <div class="ops">
        <button value="cancel" id="confirm-cancel">Cancel</button>
        <button value="ok" id="confirm-ok" class="danger">Confirm</button>
        </div>
        </form>
        </dialog>
        </body>
        </html>

        """#

    static let style = #"""
        :root { --ink: #1b1b1b; --muted: #4a4a4a; --paper: #ffffff; --line: #c8c8c8; --accent: #0b57d0;
          --danger: #a4161a; --soft: #eef2f8; font-family: system-ui, sans-serif; line-height: 1.45; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: var(--paper); }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 0.5rem; top: 0.5rem; background: var(--paper); padding: 0.5rem; z-index: 2; }
        .bar { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; align-items: center; padding: 0.6rem 1rem;
          background: #1f2a44; color: #ffffff; }
        .bar a, .bar .brand { color: #ffffff; }
        .bar nav a { margin-right: 0.9rem; }
        .brand { font-weight: 700; text-decoration: none; }
        .bar .quiet { margin-left: auto; }
        main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
        h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
        caption { text-align: left; color: var(--muted); padding: 0.25rem 0; }
        th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line);
          vertical-align: top; }
        .numbers td { font-variant-numeric: tabular-nums; }
        .facts th { width: 14rem; color: var(--muted); font-weight: 600; }
        .scroll { overflow-x: auto; }
        th button { font: inherit; font-weight: 700; border: 0; background: none; padding: 0; color: var(--ink);
          cursor: pointer; }
        th[aria-sort="ascending"] button::after { content: " \25B2"; }
        th[aria-sort="descending"] button::after { content: " \25BC"; }
        button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 4px; border: 1px solid var(--accent);
          background: var(--accent); color: #ffffff; cursor: pointer; min-height: 2.5rem; }
        button.danger { background: var(--danger); border-color: var(--danger); }
        button.quiet { background: transparent; border-color: #ffffff; }
        button:disabled { opacity: 0.55; cursor: default; }
        input, select, textarea { font: inherit; padding: 0.4rem; border: 1px solid #767676; border-radius: 4px;
          min-height: 2.5rem; max-width: 100%; }
        textarea { width: 100%; font-family: ui-monospace, monospace; display: block; margin: 0.4rem 0; }
        label { font-weight: 600; }
        form { margin: 0.75rem 0; }
        form.inline { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
        form.inline input[type="text"] { flex: 1 1 18rem; }
        #login-form { display: flex; flex-direction: column; gap: 0.5rem; max-width: 24rem; }
        .ops { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0; }
        .log, .text { background: var(--soft); padding: 0.75rem; overflow: auto; max-height: 22rem;
          white-space: pre-wrap; word-break: break-word; font-size: 0.85rem; }
        pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
        .memory-bar { display: flex; height: 2rem; border: 1px solid var(--ink); border-radius: 4px; overflow: hidden; }
        .memory-bar span { display: block; height: 100%; border-right: 2px solid var(--paper); }
        .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; margin-right: 0.4rem; vertical-align: middle;
          border: 1px solid var(--ink); }
        .error { color: var(--danger); font-weight: 600; }
        .hint { color: var(--muted); }
        #flash:empty { display: none; }
        #flash { background: var(--soft); border-left: 4px solid var(--accent); padding: 0.5rem 0.75rem; }
        #flash.error { border-left-color: var(--danger); }
        .state { font-weight: 600; }
        .crumbs { margin: 0.25rem 0; }
        ul.links { columns: 14rem; padding-left: 1.2rem; }
        dialog { border: 2px solid var(--ink); border-radius: 6px; max-width: 28rem; }
        dialog::backdrop { background: rgba(0, 0, 0, 0.45); }
        @media (max-width: 40rem) {
          main { padding: 0.6rem; }
          .facts th { width: auto; }
          .sortable th:nth-child(6), .sortable td:nth-child(6) { display: none; }
          form.inline { flex-direction: column; align-items: stretch; }
        }

        """#
}
