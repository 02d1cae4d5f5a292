"""Benchmarks of the matching library (not tests).

    python bench/bench_matching.py            # top-k at 10k/100k, batch 2k x 500 and 20k x 5k
    python bench/bench_matching.py --full     # also batch 100k x 20k
    python bench/bench_matching.py --no-write # print only

Each measurement runs side by side with its baseline in the same run on the
same synthetic population (``matching.synthetic``):

* top-10 with explanations: the vectorised index against the pair-by-pair
  reference loop (``matching.reference.naive_top_k``, same constraints and
  score); both must return the same top-10 for every query.
* batch assignment: ``matching.batch.assign`` end to end (index build, pair
  enumeration, flow, certificate, explanations, why-not for the unmatched)
  against ``greedy_assign`` on the same input. Each batch size runs in a
  fresh child process so its peak memory (VmHWM) is its own.

Results go to docs/BENCHMARKS.md between ``<!-- matching:start -->`` and
``<!-- matching:end -->``; the rest of that file is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from matching.batch import assign, greedy_assign  # noqa: E402
from matching.index import MentorIndex  # noqa: E402
from matching.reference import naive_top_k, prepare  # noqa: E402
from matching.synthetic import generate_mentees, generate_mentors  # noqa: E402

DOC = ROOT / "docs" / "BENCHMARKS.md"
START, END = "<!-- matching:start -->", "<!-- matching:end -->"
# A week with no DST switch in between the big zones, so results are stable.
WEEK = dt.date(2026, 3, 2)
TOP_K_SIZES = (10_000, 100_000)
BATCH_SIZES = ((2_000, 500), (20_000, 5_000))
FULL_BATCH = (100_000, 20_000)
TARGET_P50_MS = 2.0
TARGET_SPEEDUP = 20.0
FAST_PASSES = 3


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "os": f"{platform.system()} {platform.release()}",
        "date": f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def bench_top_k(n_mentors: int, queries: int) -> dict[str, object]:
    print(f"top-k: generating {n_mentors} mentors ...", flush=True)
    mentors = [m.to_record(f"m{i}", load=i % 3) for i, m in enumerate(generate_mentors(n_mentors, seed=1))]
    mentees = [m.to_record(f"e{i}") for i, m in enumerate(generate_mentees(queries, seed=2))]
    started = time.perf_counter()
    index = MentorIndex.build(mentors, week_start=WEEK)
    build_s = time.perf_counter() - started
    prepared = [prepare(m, week_start=WEEK, text_model=index.text_model) for m in index.mentors()]
    records = index.mentors()
    for e in mentees[:10]:  # warm caches (time zone tables, bitsets) for both sides
        index.top_k(e, 10)
    # The vectorised side is cheap enough to time in several passes; the
    # verdict uses the median pass so one noisy pass (other tenants on the
    # machine) neither helps nor hurts. The loop runs once.
    passes: list[list[float]] = []
    slow: list[float] = []
    mismatches = 0
    shortfalls = 0
    for pass_number in range(FAST_PASSES):
        fast: list[float] = []
        for e in mentees:
            t0 = time.perf_counter()
            result = index.top_k(e, 10)
            fast.append((time.perf_counter() - t0) * 1000)
            if pass_number == 0:
                t1 = time.perf_counter()
                reference = naive_top_k(e, records, prepared, week_start=WEEK, text_model=index.text_model, k=10)
                slow.append((time.perf_counter() - t1) * 1000)
                mismatches += result.results != reference
                shortfalls += bool(result.why_not)
        passes.append(fast)
    p50s = sorted(percentile(f, 50) for f in passes)
    median_pass = next(f for f in passes if percentile(f, 50) == p50s[len(p50s) // 2])
    p50, p50_naive = percentile(median_pass, 50), percentile(slow, 50)
    return {
        "mentors": n_mentors,
        "queries": queries,
        "build_s": build_s,
        "p50_ms": p50,
        "p90_ms": percentile(median_pass, 90),
        "pass_p50s_ms": p50s,
        "naive_p50_ms": p50_naive,
        "naive_p90_ms": percentile(slow, 90),
        "speedup": p50_naive / p50,
        "mismatches": mismatches,
        "with_why_not": shortfalls,
    }


def _peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_case(n_mentees: int, n_mentors: int) -> dict[str, object]:
    """One batch size, meant to run in its own process (peak memory is per process)."""
    mentors = [m.to_record(f"m{i}") for i, m in enumerate(generate_mentors(n_mentors, seed=1))]
    mentees = [m.to_record(f"e{i}") for i, m in enumerate(generate_mentees(n_mentees, seed=2))]
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    result = assign(mentees, mentors, week_start=WEEK)
    elapsed = time.perf_counter() - started
    rss_after = _peak_rss_mb()
    stats = result.stats
    started = time.perf_counter()
    greedy = greedy_assign(mentees, mentors, week_start=WEEK, explain_unmatched=False)
    greedy_s = time.perf_counter() - started
    return {
        "mentees": n_mentees,
        "mentors": n_mentors,
        "seconds": elapsed,
        "peak_rss_mb": rss_after,
        "population_rss_mb": rss_before,
        "matched": stats.matched,
        "total": stats.total_score,
        "upper_bound": stats.upper_bound,
        "gap": stats.gap,
        "rounds": stats.rounds,
        "edges": stats.edges,
        "feasible_pairs": stats.feasible_pairs,
        "timings": stats.timings,
        "greedy_total": greedy.stats.total_score,
        "greedy_matched": greedy.stats.matched,
        "greedy_seconds": greedy_s,
    }


def bench_batch(n_mentees: int, n_mentors: int) -> dict[str, object]:
    print(f"batch: {n_mentees} x {n_mentors} in a child process ...", flush=True)
    out = subprocess.run(
        [sys.executable, __file__, "--batch-case", str(n_mentees), str(n_mentors)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def render(info: dict[str, str], top: list[dict[str, object]], batches: list[dict[str, object]], full: bool) -> str:
    lines = [
        "## Matching library (`bench/bench_matching.py`)",
        "",
        f"{info['cpu']}, {info['cores']} cores, Python {info['python']}, numpy {info['numpy']}, "
        f"{info['os']}, {info['date']} (1/5/15-min load average at start: {info['load']}, at end: "
        f"{info.get('load_end', '?')}; other work shared this machine). Synthetic population "
        f"from `matching.synthetic` (seed 1 mentors, seed 2 mentees), week of {WEEK.isoformat()}.",
        "",
        "### Top-10 with explanations, one mentee at a time",
        "",
        "Vectorised `MentorIndex.top_k` against the pair-by-pair reference loop "
        "(`matching.reference.naive_top_k`: same named rules, same score, explanations for its top 10), "
        "in the same run on the same queries. Per-mentor preparation (bitsets, TF-IDF rows) is done once "
        "up front for both. The index answers the 200 queries in three passes and the table shows the "
        "median pass (p50 of each pass in the last column); the loop runs once. Queries whose mentee has "
        "fewer than 10 qualifying mentors include the why-not analysis.",
        "",
        "| mentors | queries | index build | p50 | p90 | loop p50 | loop p90 | speed-up (p50) | same top-10 "
        "| with why-not | p50 per pass |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in top:
        lines.append(
            f"| {r['mentors']:,} | {r['queries']} | {r['build_s']:.1f} s | {r['p50_ms']:.2f} ms | "
            f"{r['p90_ms']:.2f} ms | {r['naive_p50_ms']:.1f} ms | {r['naive_p90_ms']:.1f} ms | "
            f"{r['speedup']:.0f}x | {r['queries'] - r['mismatches']}/{r['queries']} | "  # type: ignore[operator]
            f"{r['with_why_not']} | {' / '.join(f'{v:.2f}' for v in r['pass_p50s_ms'])} ms |"  # type: ignore[attr-defined]
        )
    big = next((r for r in top if r["mentors"] == 100_000), None)
    if big is not None:
        ok_latency = float(big["p50_ms"]) <= TARGET_P50_MS  # type: ignore[arg-type]
        ok_speed = float(big["speedup"]) >= TARGET_SPEEDUP  # type: ignore[arg-type]
        lines += [
            "",
            f"Target p50 ≤ {TARGET_P50_MS:g} ms at 100k: {verdict(ok_latency)} ({big['p50_ms']:.2f} ms). "
            f"Target ≥ {TARGET_SPEEDUP:g}× the loop: {verdict(ok_speed)} ({big['speedup']:.0f}×). "
            f"Identical top-10 in every query: {verdict(big['mismatches'] == 0)}.",
        ]
    lines += [
        "",
        "### Batch assignment",
        "",
        "`assign` end to end (index build, enumeration of every feasible pair, min-cost flow on pruned "
        "candidates, duality certificate over all feasible pairs, explanations, why-not for every "
        "unmatched mentee) against `greedy_assign` on the same input. Capacities 1–5, loads 0. "
        "Peak memory is the child process's peak RSS, including the generated population.",
        "",
        "| mentees × mentors | time | peak RSS | feasible pairs | edges / rounds | matched | total score "
        "| upper bound | certified gap | greedy total (greedy/bound) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for b in batches:
        ratio = float(b["greedy_total"]) / float(b["upper_bound"]) if b["upper_bound"] else 1.0  # type: ignore[arg-type]
        lines.append(
            f"| {b['mentees']:,} × {b['mentors']:,} | {b['seconds']:.2f} s | {b['peak_rss_mb']:,.0f} MB | "
            f"{b['feasible_pairs']:,} | {b['edges']:,} / {b['rounds']} | {b['matched']:,} | "
            f"{b['total']:,.1f} | {b['upper_bound']:,.1f} | {100 * float(b['gap']):.3f}% | "  # type: ignore[arg-type]
            f"{b['greedy_total']:,.1f} ({100 * ratio:.2f}%) |"
        )
    lines.append("")
    lines.append("Time per phase (seconds):")
    lines.append("")
    for b in batches:
        phases = ", ".join(f"{k} {v:.2f}" for k, v in b["timings"].items())  # type: ignore[union-attr]
        lines.append(f"- {b['mentees']:,} × {b['mentors']:,}: {phases}")
    mid = next((b for b in batches if b["mentees"] == 20_000), None)
    if mid is not None:
        ok = float(mid["gap"]) <= 0.001 and float(mid["seconds"]) <= 5.0  # type: ignore[arg-type]
        lines += [
            "",
            f"Target 20k × 5k: certified gap ≤ 0.1% in ≤ 5 s: {verdict(ok)} "
            f"(gap {100 * float(mid['gap']):.3f}%, {mid['seconds']:.2f} s).",  # type: ignore[arg-type]
        ]
    huge = next((b for b in batches if b["mentees"] == 100_000), None)
    if huge is not None:
        ok = (
            float(huge["gap"]) <= 0.005  # type: ignore[arg-type]
            and float(huge["seconds"]) <= 60  # type: ignore[arg-type]
            and float(huge["peak_rss_mb"]) < 4096  # type: ignore[arg-type]
        )
        lines.append(
            f"Target 100k × 20k: gap ≤ 0.5% in ≤ 60 s under 4 GB: {verdict(ok)} "
            f"(gap {100 * float(huge['gap']):.3f}%, {huge['seconds']:.1f} s, {huge['peak_rss_mb']:,.0f} MB)."  # type: ignore[arg-type]
        )
    elif not full:
        lines.append("100k × 20k runs only with `--full`.")
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace only the text between this benchmark's markers."""
    text = DOC.read_text() if DOC.exists() else ""
    block = f"{START}\n{body.rstrip()}\n{END}"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="also run batch 100k x 20k")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="print instead of updating docs/BENCHMARKS.md")
    parser.add_argument("--batch-case", nargs=2, type=int, metavar=("MENTEES", "MENTORS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_case:
        print(json.dumps(batch_case(*args.batch_case)))
        return
    info = machine()
    top = [bench_top_k(n, args.queries) for n in TOP_K_SIZES]
    sizes = [*BATCH_SIZES, FULL_BATCH] if args.full else list(BATCH_SIZES)
    batches = [bench_batch(*size) for size in sizes]
    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    body = render(info, top, batches, args.full)
    print(body)
    if not args.no_write:
        write_section(body)
        print(f"\nwrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
