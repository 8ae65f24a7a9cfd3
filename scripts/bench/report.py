"""The numbers of `make bench`: per page p50/p95/p99, requests per second, the ratio to the
bare view, queries per request, and the peak memory of the gunicorn workers.

    report.py rss --gunicorn-pid PID --out rss.json    peak RSS (VmHWM) of every worker
    report.py cpu --gunicorn-pid PID --postgres-pid PID [PID] --out cpu.jsonl
                                                       CPU time of app, database and the
                                                       rest, sampled until stopped
    report.py check --plan plan.json --out check.json  the writes, counted in the database
    report.py table --results DIR ...                  the table: printed, JSON, Markdown
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import signal
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

FORM_SUFFIX = " (formulier)"
# The row of a working day (mix) with every request of every page.
ALL = "alle verzoeken"


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(run: dict) -> dict[str, dict]:
    """Per request name: what was measured in its page's slice, after the warm-up. A
    working day (``mix``) is one slice of every page together, with a row for all
    requests at once (ALL)."""
    start, length, warm = run["start"], run["slice"], run["warm_up"]
    window = length - warm
    by_name: dict[str, list[tuple[float, bool]]] = {}
    for name, began, duration, ok in run["samples"]:
        index = int((began - start) // length)
        if not 0 <= index < (1 if run.get("mix") else len(run["pages"])):
            continue
        pages = run["pages"] if run.get("mix") else [run["pages"][index]]
        if not any(name in (page, page + FORM_SUFFIX) for page in pages):
            continue
        if began - start - index * length < warm:
            continue
        by_name.setdefault(name, []).append((duration, ok))
    if run.get("mix") and by_name:
        by_name[ALL] = [sample for measured in by_name.values() for sample in measured]
    rows = {}
    for name, measured in by_name.items():
        durations = [duration * 1000 for duration, _ok in measured]
        rows[name] = {
            "requests": len(measured),
            "failures": sum(1 for _duration, ok in measured if not ok),
            "p50_ms": percentile(durations, 50),
            "p95_ms": percentile(durations, 95),
            "p99_ms": percentile(durations, 99),
            "requests_per_s": len(measured) / window,
        }
    # With think time the users, not the machine, set the pace: no capacity to compare.
    bare = None if run.get("think_s") else rows.get("kaal", {}).get("requests_per_s")
    for row in rows.values():
        row["ratio_to_bare"] = row["requests_per_s"] / bare if bare else math.nan
    return rows


def ordered_names(pages: Iterable[str]) -> list[str]:
    names = []
    for page in pages:
        names += [page, page + FORM_SUFFIX]
    return [*names, ALL]


def _number(value: float | None, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def markdown_table(
    rows: dict[str, dict], pages: Sequence[str], queries: dict[str, list[int]]
) -> str:
    lines = [
        "| pagina | n | fout | p50 ms | p95 ms | p99 ms | req/s | × kaal | queries |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name in ordered_names(pages):
        row = rows.get(name)
        if row is None:
            continue
        counted = queries.get(name)
        lines.append(
            f"| {name} | {row['requests']} | {row['failures']} | {_number(row['p50_ms'])} "
            f"| {_number(row['p95_ms'])} | {_number(row['p99_ms'])} "
            f"| {_number(row['requests_per_s'], 1)} | {_number(row['ratio_to_bare'], 2)} "
            f"| {counted[-1] if counted else '–'} |"
        )
    return "\n".join(lines)


# --- memory of the workers ----------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The parent pid is the 2nd field after the ")" that ends the command name.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return math.nan


def command_rss(arguments: argparse.Namespace) -> None:
    workers = {pid: peak_rss_mb(pid) for pid in children(arguments.gunicorn_pid)}
    arguments.out.write_text(json.dumps({"workers_peak_rss_mb": workers}, indent=1))


# --- where the machine's time goes ----------------------------------------------------------
# Every SAMPLE_S seconds: the CPU time used so far by the app server (gunicorn and its
# workers), by PostgreSQL (the postmaster and its backends) and by the whole machine
# (/proc/stat). The rest is mostly the load tool itself, which shares the machine.
SAMPLE_S = 0.5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_table() -> dict[int, tuple[int, int]]:
    """Every process: its parent and its CPU time so far (user + system, in ticks)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # After the command name: state, ppid, ..., utime (12th), stime (13th).
        table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def descendants(table: dict[int, tuple[int, int]], root: int) -> set[int]:
    found = {root} if root in table else set()
    grew = True
    while grew:
        more = {pid for pid, (parent, _ticks) in table.items() if parent in found} - found
        found |= more
        grew = bool(more)
    return found


def machine_busy_ticks() -> int:
    """CPU time of every core, idle and waiting for disk excluded."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return user + nice + system + irq + softirq + steal


class CpuCounter:
    """Cumulative CPU seconds of a group of processes since the first sample. A process
    there at the first sample counts from its time then; one that started later counts
    all its time; one that ends keeps what it used until its last sample."""

    def __init__(self) -> None:
        self.last: dict[int, int] | None = None
        self.total = 0

    def update(self, table: dict[int, tuple[int, int]], pids: set[int]) -> float:
        if self.last is None:
            self.last = {pid: table[pid][1] for pid in pids}
            return 0.0
        for pid in pids:
            ticks = table[pid][1]
            self.total += ticks - self.last.get(pid, 0)
            self.last[pid] = ticks
        return self.total / CLOCK_TICKS


def command_cpu(arguments: argparse.Namespace) -> None:
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
    app, database = CpuCounter(), CpuCounter()
    machine_start = machine_busy_ticks()
    with arguments.out.open("w", encoding="utf-8") as out:
        while not stopping:
            table = process_table()
            line = {
                "t": time.time(),
                "app_s": app.update(table, descendants(table, arguments.gunicorn_pid)),
                "database_s": database.update(
                    table,
                    set().union(*(descendants(table, pid) for pid in arguments.postgres_pid)),
                ),
                "machine_s": (machine_busy_ticks() - machine_start) / CLOCK_TICKS,
            }
            out.write(json.dumps(line) + "\n")
            out.flush()
            time.sleep(SAMPLE_S)


def cpu_per_request(
    run: dict, samples: Sequence[dict], rows: dict[str, dict]
) -> dict[str, dict[str, float]]:
    """Per page: the CPU milliseconds the app, the database and the rest of the machine
    spent per request in its slice after the warm-up (a write's slice: form and POST)."""
    if not samples:
        return {}
    start, length, warm = run["start"], run["slice"], run["warm_up"]
    found = {}
    # A working day is one slice of all pages: its time is shared over all its requests.
    slices = [ALL] if run.get("mix") else run["pages"]
    for index, page in enumerate(slices):
        begin, end = start + index * length + warm, start + (index + 1) * length
        inside = [sample for sample in samples if begin <= sample["t"] <= end]
        requests = sum(rows.get(name, {}).get("requests", 0) for name in (page, page + FORM_SUFFIX))
        if len(inside) < 2 or not requests:
            continue
        first, last = inside[0], inside[-1]
        share = (last["t"] - first["t"]) / (end - begin)  # the requests of the sampled part
        used = {key: last[key] - first[key] for key in ("app_s", "database_s", "machine_s")}
        per_request = {key: used[key] * 1000 / (requests * share) for key in used}
        found[page] = {
            "app_ms": per_request["app_s"],
            "database_ms": per_request["database_s"],
            "rest_ms": per_request["machine_s"] - per_request["app_s"] - per_request["database_s"],
            "machine_ms": per_request["machine_s"],
            "cores_busy": used["machine_s"] / (last["t"] - first["t"]),
        }
    return found


def cpu_table(found: dict[str, dict[str, float]], pages: Sequence[str]) -> str:
    lines = [
        "| pagina | app ms | database ms | rest ms | machine ms | cores bezig |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for page in [*pages, ALL]:
        row = found.get(page)
        if row is None:
            continue
        lines.append(
            f"| {page} | {_number(row['app_ms'], 1)} | {_number(row['database_ms'], 1)} "
            f"| {_number(row['rest_ms'], 1)} | {_number(row['machine_ms'], 1)} "
            f"| {_number(row['cores_busy'], 2)} |"
        )
    return "\n".join(lines)


# --- the writes, counted in the database --------------------------------------------------


def command_check(arguments: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    import django

    django.setup()
    from django.db.models import Sum

    from schakel.inquiries.models import InformationRequest
    from schakel.plans.models import Plan
    from schakel.referrals.models import Referral

    plan = json.loads(arguments.plan.read_text(encoding="utf-8"))
    before = plan["plan_revisions"]
    after = Plan.objects.filter(case_id__in=[int(pk) for pk in before]).aggregate(
        total=Sum("revision")
    )["total"]
    counted = {
        "melding indienen": Referral.objects.filter(
            reported_by__username__startswith="bench-"
        ).count(),
        "verzoek beantwoorden": InformationRequest.objects.filter(
            answered_by__username__startswith="bench-"
        ).count(),
        "plan wijzigen": (after or 0) - sum(before.values()),
    }
    arguments.out.write_text(json.dumps(counted, indent=1))


# --- the table ---------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(memory_kb / 1024 / 1024, 1)}


def successes(runs: Iterable[dict], queries: dict, writes: Sequence[str]) -> dict[str, int]:
    """Successful write POSTs over the whole run: the load runs and the query count."""
    done = {name: 0 for name in writes}
    for run in runs:
        for name, _began, _duration, ok in run["samples"]:
            if name in done and ok:
                done[name] += 1
    for name in writes:
        done[name] += len(queries.get("queries", {}).get(name, []))
    return done


def command_table(arguments: argparse.Namespace) -> None:
    results: Path = arguments.results
    queries = json.loads((results / "queries.json").read_text(encoding="utf-8"))
    counted = json.loads((results / "check.json").read_text(encoding="utf-8"))
    runs = {}
    for path in results.glob("samples-*.json"):
        run = json.loads(path.read_text(encoding="utf-8"))
        runs[path.stem.removeprefix("samples-")] = run
    summary: dict = {
        "size": arguments.size,
        "slice_s": arguments.duration,
        "gunicorn_workers": arguments.workers,
        # run.sh sets it when BENCH_REPLICA=1 started a streaming replica.
        "replica": bool(os.environ.get("DATABASE_REPLICA_URL")),
        "machine": machine(),
        "queries": queries["queries"],
        "query_count_failures": queries["failures"],
        "runs": {},
    }
    markdown = [
        f"Schakel-bench: {arguments.size} casussen, {arguments.workers} gunicorn-workers, "
        f"{arguments.duration} s per pagina; {summary['machine']['nproc']} cores "
        f"({summary['machine']['cpu']}), {summary['machine']['ram_gb']} GB"
        + (
            "; lijsten en rapportages lezen van een streaming replica."
            if summary["replica"]
            else "."
        ),
    ]
    for phase, run in sorted(runs.items(), key=lambda item: (item[1]["users"], item[0])):
        rows = summarise(run)
        users = run["users"]
        rss = json.loads((results / f"rss-{phase}.json").read_text(encoding="utf-8"))
        peaks = list(rss["workers_peak_rss_mb"].values())
        load = {
            moment: (results / f"load-{phase}-{moment}.txt").read_text().split()[:3]
            for moment in ("begin", "end")
            if (results / f"load-{phase}-{moment}.txt").exists()
        }
        think = run.get("think_s") or 0
        cpu_file = results / f"cpu-{phase}.jsonl"
        cpu = cpu_per_request(
            run,
            [json.loads(line) for line in cpu_file.read_text().splitlines()]
            if cpu_file.exists()
            else [],
            rows,
        )
        summary["runs"][phase] = {
            "users": users,
            "think_s": think,
            "working_day": bool(run.get("mix")),
            "pages": rows,
            "cpu_per_request": cpu,
            "workers_peak_rss_mb": rss["workers_peak_rss_mb"],
            "load_average": load,
            "exhausted": run["exhausted"],
        }
        markdown += [
            "",
            ("#### Werkdag: " if run.get("mix") else "#### ")
            + f"{users} gelijktijdige gebruiker{'s' if users != 1 else ''}"
            + (
                f", met denktijd ({_number(think / 2, 1)}–{_number(think * 3 / 2, 1)} s na elke pagina)"
                if think
                else ""
            ),
            "",
            f"Load average bij begin {' '.join(load.get('begin', []))}, "
            f"einde {' '.join(load.get('end', []))}; piek-RSS per worker "
            f"{_number(max(peaks) if peaks else None)} MB, "
            f"gemiddeld {_number(sum(peaks) / len(peaks) if peaks else None)} MB.",
            "",
            markdown_table(rows, run["pages"], queries["queries"]),
        ]
        if run.get("mix"):
            markdown[-1:-1] = [
                "Alle pagina's door elkaar, in de verhouding van een werkdag "
                "(scripts/bench/pages.py, WORKDAY), in één tijdvak.",
                "",
            ]
        if cpu and (not think or run.get("mix")):
            markdown += [
                "",
                "CPU-tijd per verzoek "
                + ("over het hele tijdvak" if run.get("mix") else "in het tijdvak van elke pagina")
                + ": de app-server (gunicorn en workers), PostgreSQL, en de rest van de machine "
                "(vooral locust zelf).",
                "",
                cpu_table(cpu, run["pages"]),
            ]
        if run["exhausted"]:
            markdown.append(f"\nOp voor een deel van de gebruikers: {', '.join(run['exhausted'])}.")
    if runs:
        writes = next(iter(runs.values()))["writes"]
        done = successes(runs.values(), queries, writes)
        summary["writes"] = {"succeeded": done, "in_database": counted}
        markdown += [
            "",
            "Schrijfacties geslaagd volgens de client / geteld in de database: "
            + ", ".join(f"{name} {done[name]} / {counted.get(name)}" for name in writes),
        ]
        if queries["failures"]:
            markdown += [
                "",
                "Mislukt bij het tellen van queries: " + "; ".join(queries["failures"]),
            ]
    text = "\n".join(markdown) + "\n"
    (results / "results.json").write_text(json.dumps(summary, indent=1))
    (results / "results.md").write_text(text)
    print(text)
    print(f"Schakel-bench: resultaten in {results}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    rss = commands.add_parser("rss")
    rss.add_argument("--gunicorn-pid", type=int, required=True)
    rss.add_argument("--out", type=Path, required=True)
    cpu = commands.add_parser("cpu")
    cpu.add_argument("--gunicorn-pid", type=int, required=True)
    cpu.add_argument("--postgres-pid", type=int, nargs="+", required=True)
    cpu.add_argument("--out", type=Path, required=True)
    check = commands.add_parser("check")
    check.add_argument("--plan", type=Path, required=True)
    check.add_argument("--out", type=Path, required=True)
    table = commands.add_parser("table")
    table.add_argument("--results", type=Path, required=True)
    table.add_argument("--size", type=int, required=True)
    table.add_argument("--duration", type=float, required=True)
    table.add_argument("--workers", type=int, required=True)
    arguments = parser.parse_args()
    commands_by_name = {
        "rss": command_rss,
        "cpu": command_cpu,
        "check": command_check,
        "table": command_table,
    }
    commands_by_name[arguments.command](arguments)


if __name__ == "__main__":
    main()
