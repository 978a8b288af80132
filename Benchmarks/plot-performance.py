#!/usr/bin/env python3
"""Draws docs/performance/performance.png from the tab-separated figures Benchmarks/bench-daemon.sh
writes (RESULTS=...).

Panels: requests per second and p50/p99 latency for each server (ours, bare libmicrohttpd, and the
original xend when measured) in the four modes; memory (RSS idle and peak); the 1,000-domain listing; and,
when Benchmarks/bench-listing.sh added its lines, the listing time and the daemon's RSS against the number
of domains for the direct and the generic printer.
The date and machine line of the run go into the title, so the picture says when it was measured.
Usage: Benchmarks/plot-performance.py results.tsv out.png   (needs matplotlib: pip install matplotlib)
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MODES = [("tcp_close", "TCP\nnew conn."), ("tcp_keep", "TCP\nkeep-alive"),
         ("unix_close", "Unix\nnew conn."), ("unix_keep", "Unix\nkeep-alive")]
SIDES = [("ours", "this daemon", "#1f77b4"), ("bare", "bare libmicrohttpd (C)", "#7f7f7f"),
         ("original", "original xend (Python 2)", "#d62728")]


def read(path):
    meta, http, rss, listing, scaling = {}, {}, {}, {}, {}
    rounds = {}
    for line in open(path):
        fields = line.rstrip("\n").split("\t")
        if line.startswith("# "):
            meta[fields[0][2:]] = fields[1]
        elif fields[0] == "http":
            side, mode, rate, p50, p99, cpu = fields[1:7]
            http[(side, mode)] = (float(rate), float(p50), float(p99), float(cpu))
        elif fields[0] == "http_rounds":
            rounds[(fields[1], fields[2])] = [float(rate) for rate in fields[3].split(",") if rate]
        elif fields[0] == "rss":
            rss[fields[1]] = (int(fields[2]) / 1024, int(fields[3]) / 1024)
        elif fields[0] == "listing":
            listing[fields[1]] = (int(fields[2]), float(fields[3]), int(fields[4]))
        elif fields[0] == "listing_vs_domains":
            printer, route, domains, median = fields[1], fields[2], int(fields[3]), float(fields[4])
            scaling.setdefault((printer, route), []).append((domains, median))
        elif fields[0] == "rss_vs_domains":
            scaling.setdefault((fields[1], "rss"), []).append((int(fields[2]), int(fields[3]) / 1024))
    return meta, http, rss, listing, scaling, rounds


def scaling_panels(time_axis, rss_axis, scaling):
    """Listing time (log-log) and RSS against the number of domains, one line per printer and route."""
    styles = {"direct": ("#1f77b4", "direct printer"), "generic": ("#ff7f0e", "generic printer (field tables)")}
    for (printer, route), points in sorted(scaling.items()):
        colour, label = styles.get(printer, ("#7f7f7f", printer))
        points = sorted(points)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if route == "rss":
            rss_axis.plot(xs, ys, marker="o", color=colour, label=label)
            continue
        dashes = "-" if route == "detail" else ":"
        time_axis.plot(xs, ys, dashes, marker="o", color=colour,
                       label="%s, %s" % (label, "detail=1" if route == "detail" else "names"))
    time_axis.set_xscale("log")
    time_axis.set_yscale("log")
    time_axis.set_xlabel("domains (Domain-0 included)")
    time_axis.set_ylabel("ms, median")
    time_axis.set_title("GET /xend/domain against the number of domains", fontsize=10)
    time_axis.legend(fontsize=7)
    time_axis.grid(True, which="both", alpha=0.3)
    rss_axis.set_xlabel("domains (Domain-0 included)")
    rss_axis.set_ylabel("MB")
    rss_axis.set_title("Daemon RSS (VmRSS) after listing, against the number of domains", fontsize=10)
    rss_axis.legend(fontsize=7)
    rss_axis.grid(True, alpha=0.3)


def grouped_bars(axis, http, value, ylabel, title, inner=None, rounds=None):
    """One bar per server and mode; `inner` draws a second, narrower value inside each bar (p50 in p99);
    `rounds` (every round's value per server and mode) draws their spread, lowest to highest, as a whisker."""
    sides = [s for s in SIDES if any((s[0], m) in http for m, _ in MODES)]
    width = 0.8 / len(sides)
    for index, (side, label, colour) in enumerate(sides):
        xs = [m + (index - (len(sides) - 1) / 2) * width for m in range(len(MODES))]
        figures = [http.get((side, mode)) for mode, _ in MODES]
        ys = [value(f) if f else 0 for f in figures]
        bars = axis.bar(xs, ys, width, label=label, color=colour, alpha=0.45 if inner else 1)
        spreads = [rounds.get((side, mode)) for mode, _ in MODES] if rounds else []
        for x, spread in zip(xs, spreads):
            if spread:
                axis.plot([x, x], [min(spread), max(spread)], color="black", linewidth=1)
                axis.plot([x - width / 4, x + width / 4], [min(spread)] * 2, color="black", linewidth=1)
        labels = ["%.0f" % y for y in ys]
        if inner:
            inside = [inner(f) if f else 0 for f in figures]
            axis.bar(xs, inside, width * 0.5, color=colour)
            labels = ["%.0f / %.0f" % (i, y) for i, y in zip(inside, ys)]
        axis.bar_label(bars, labels=labels, fontsize=6, rotation=90, padding=2)
    axis.set_xticks(range(len(MODES)), [name for _, name in MODES], fontsize=8)
    axis.set_ylabel(ylabel)
    axis.set_title(title, fontsize=10)
    axis.margins(y=0.3)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    meta, http, rss, listing, scaling, rounds = read(sys.argv[1])
    rows = 3 if scaling else 2
    figure, axes = plt.subplots(rows, 2, figsize=(11, 4 * rows))
    if scaling:
        scaling_panels(axes[2][0], axes[2][1], scaling)
    grouped_bars(axes[0][0], http, lambda f: f[0], "requests/s",
                 "Throughput, GET /xend/node/: best round, whisker from the lowest (higher is better)",
                 rounds=rounds)
    axes[0][0].legend(fontsize=7, loc="upper left")
    grouped_bars(axes[0][1], http, lambda f: f[2], "µs", "Latency per request, p50 (narrow) / p99 (wide); lower is better",
                 inner=lambda f: f[1])

    memory = axes[1][0]
    sides = [s for s in SIDES if s[0] in rss]
    xs = range(len(sides))
    idle = memory.bar([x - 0.2 for x in xs], [rss[s[0]][0] for s in sides], 0.4, label="idle", color="#aec7e8")
    peak = memory.bar([x + 0.2 for x in xs], [rss[s[0]][1] for s in sides], 0.4, label="peak under load",
                      color="#1f77b4")
    memory.bar_label(idle, fmt="%.1f", fontsize=7)
    memory.bar_label(peak, fmt="%.1f", fontsize=7)
    memory.set_xticks(list(xs), [s[1] for s in sides], fontsize=8)
    memory.set_ylabel("MB")
    memory.set_title("Resident memory (RSS)", fontsize=10)
    memory.legend(fontsize=7)
    memory.margins(y=0.2)

    lists = axes[1][1]
    if listing:
        names = [("detail", "GET /xend/domain?detail=1\n(every record)"), ("names", "GET /xend/domain\n(names)")]
        present = [(key, label) for key, label in names if key in listing]
        bars = lists.bar(range(len(present)), [listing[k][1] for k, _ in present], 0.5, color="#1f77b4")
        lists.bar_label(bars, labels=["%.1f ms\n%d bytes" % (listing[k][1], listing[k][2]) for k, _ in present],
                        fontsize=7)
        lists.set_xticks(range(len(present)), [label for _, label in present], fontsize=8)
        lists.set_ylabel("ms, median")
        lists.set_title("Listing %d domains over the Unix socket" % listing[present[0][0]][0], fontsize=10)
        lists.margins(y=0.25)
    figure.suptitle("xend (Swift) performance, %s; %s" % (meta.get("date", "?"), meta.get("machine", "")), fontsize=10)
    figure.tight_layout()
    figure.savefig(sys.argv[2], dpi=110)
    print("wrote " + sys.argv[2])


if __name__ == "__main__":
    main()
