"""The summary table of a run."""

from __future__ import annotations

import os
import platform

from searchbench.loading import log

# ----------------------------------------------------------------------------------------------
# Report


def report(args, info: dict, data: dict) -> None:
    rows = data["queries"]
    target = args.target_ms
    log()
    index = info["index"] + (", search index: tantivy" if info.get("search_index") else "")
    title = f"Search benchmark — {info['vendor']} {info['version']} ({index})"
    log(title)
    log("=" * len(title))
    log(
        f"articles: {info['articles']} ({info['bench_articles']} generated, seed {args.seed}); "
        f"repeats: {args.repeat} (baseline {args.baseline_repeat}); "
        f"python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    log(
        f"code: commit {info['code']['commit']}; uncommitted changes: {info['code']['uncommitted']}"
    )
    log(
        f"load average (1, 5, 15 min) before: {info['load_before']}, "
        f"after: {info['load_after']} (other work on the machine skews the figures)"
    )
    log()
    baseline = not args.no_baseline
    header = (
        f"{'query':<15} {'q':<30} {'matches':>7} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} "
        f"{'target':>6}"
    )
    if args.search_index:
        header += f" {'top20=db':>8}"
    if baseline:
        header += f" | {'naive p50':>9} {'naive p95':>9} {'n.match':>7} {'speed-up':>8}"
    log(header)
    log("-" * len(header))
    for row in rows:
        verdict = "PASS" if row["pass"] else "FAIL"
        line = (
            f"{row['name']:<15} {row['q'][:30]:<30} {row['matches']:>7} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['sql_p50_ms']:>8.1f} {verdict:>6}"
        )
        if args.search_index:
            line += f" {row['top20_overlap']:>8.2f}"
        if baseline and "baseline" in row:
            b = row["baseline"]
            line += (
                f" | {b['p50_ms']:>9.1f} {b['p95_ms']:>9.1f} {b['matches']:>7} "
                f"{row['speedup_p50']:>7.1f}x"
            )
        log(line)
    log()
    for row in rows:
        if row.get("count_estimated"):
            error = 100.0 * (row["matches"] - row["exact_matches"]) / row["exact_matches"]
            log(
                f"{row['name']}: count estimated {row['matches']}, exact {row['exact_matches']} "
                f"({error:+.1f}%); the ranking is exact"
            )
    failing = [r["name"] for r in rows if not r["pass"]]
    log(
        f"target p95 <= {target:.0f} ms per query: "
        + ("PASS (all)" if not failing else f"FAIL ({', '.join(failing)})")
    )
    if baseline:
        common = next(r for r in rows if r["name"] == "common word")
        ok = common["speedup_p50"] >= args.target_speedup
        log(
            f"target common word >= {args.target_speedup:.0f}x faster than naive (p50): "
            f"{'PASS' if ok else 'FAIL'} ({common['speedup_p50']:.1f}x)"
        )
    log()
    log("breakdown, common word")
    for b in data["breakdown"]:
        log(f"  {b['part']:<28} p50 {b['p50_ms']:8.1f} ms  p95 {b['p95_ms']:8.1f} ms")
