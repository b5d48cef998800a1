"""Every benchmark the feature issues name, each in its own process (each drops and creates the
database it is given), and one table of their figures: figure, value, baseline, ratio, target.
The table is printed and written, with the machine it ran on, to bench/results/<time>.md and
bench/results/latest.md.

    .venv/bin/python bench/run_all.py                            # PostgreSQL, as in production
    .venv/bin/python bench/run_all.py --only proposals,ballots
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/run_all.py

Without DATABASE_URL the benchmarks use postgres://postgres@127.0.0.1:5432/congress_bench_<pid>,
dropped at the end. With an SQLite DATABASE_URL the ballots and election benchmarks (gunicorn
and PostgreSQL only) are skipped. Prints figures; asserts nothing.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
# name: (script, what it measures)
BENCHMARKS = {
    "roster": ("bench_roster_import.py", "roster import, 5,000 rows"),
    "report": ("bench_session_report.py", "session report PDF"),
    "proposals": ("bench_proposals.py", "proposals at scale"),
    "large": ("bench_large_office.py", "the large office"),
    "desk": ("bench_desk.py", "the office's desk"),
    "ballots": ("load_ballots.py", "ballots under load"),
    "election": ("load_election.py", "an election under load, 31 seats, 38 candidates"),
    "strokes": ("bench_strokes.py", "names in stroke order, 2,000"),
    "solicitation": ("bench_solicitation.py", "an opinion solicitation, 5,000 answers"),
    "sweep": ("bench_sweep.py", "the reminder sweep against bulk speed, 10,000 and 100,000 items"),
    "day": ("bench_session_day_pages.py", "the session day's pages in-process, 2,000 delegates"),
    "pages": ("bench_pages.py", "every page each role opens, 2,000 and 20,000 proposals"),
}
GUNICORN_AND_POSTGRES = {"ballots", "election"}  # load runs: skipped on SQLite
COLUMNS = ["benchmark", "figure", "value", "baseline", "ratio", "target", "met"]
# A target is "<op> number" (op: <=, <, >=, >, =; ≤ and ≥ too) or a word ("yes"). One that ends
# in × is on the ratio; another is on the value, or on the ratio when the value misses it
# (older figures wrote a ratio's target without the ×).
OPERATORS = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "=": lambda a, b: a == b,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default="", help=f"comma-separated subset of: {', '.join(BENCHMARKS)}"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(BENCHMARKS)
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {list(BENCHMARKS)}")
    scratch = not args.database_url
    url = args.database_url or f"postgres://postgres@127.0.0.1:5432/congress_bench_{os.getpid()}"
    started = datetime.datetime.now().astimezone()
    machine = describe_machine(url)
    rows, notes = [], []
    for name in chosen:
        script, _what = BENCHMARKS[name]
        if name in GUNICORN_AND_POSTGRES and not url.startswith("postgres"):
            notes.append(f"{name}: skipped, it needs PostgreSQL")
            continue
        print(f"--- {name}: {script}", flush=True)
        title, figures, seconds, failure = run(script, url)
        notes.append(f"{name}: {title} ({seconds:.0f} s)")
        if failure:
            notes.append(f"{name}: FAILED\n\n```\n{failure}\n```")
        rows += [{"benchmark": name, **row} for row in figures]
    if scratch:
        drop_database(url)
    machine["load average at the end"] = load_average()
    table = markdown_table(rows)
    print()
    print(table)
    missed = [row for row in rows if target_met(row) is False]
    print(f"\n{len(missed)} figure(s) miss their target" + (":" if missed else "."))
    for row in missed:
        print(f"  MISSED  {row['benchmark']}: {row['figure']} (target {row['target']})")
    write_results(started, machine, notes, table, rows)


def run(script, url) -> tuple[str, list, float, str]:
    """Run one benchmark; (its first printed line, its figures, seconds, failure or "")."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "figures.json"
        env = dict(os.environ, DATABASE_URL=url, BENCH_JSON=str(out))
        begun = time.perf_counter()
        process = subprocess.run(
            [sys.executable, str(BENCH / script), "--json", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - begun
        print(process.stdout, end="", flush=True)
        failure = ""
        if process.returncode:
            failure = f"exit {process.returncode}\n{process.stderr[-3000:]}"
            print(failure, file=sys.stderr)
        figures = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    lines = process.stdout.strip().splitlines()
    return (lines[0] if lines else script), figures, seconds, failure


def describe_machine(url) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{cpu} × {os.cpu_count()}",
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "database": database_version(url),
        "commit": commit or "unknown",
        "load average at the start": load_average(),
    }


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews the figures."""
    try:
        return " ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def database_version(url) -> str:
    if not url.startswith("postgres"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg2

    try:
        with closing(_server(url)) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    except psycopg2.Error as error:
        return f"PostgreSQL (unreachable: {error})"


def _server(url):
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=parts.username or "postgres",
        password=parts.password or None,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
    )
    connection.autocommit = True
    return connection


def drop_database(url) -> None:
    name = urlparse(url).path.lstrip("/")
    with closing(_server(url)) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def show(value, column) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if column == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def target_met(row) -> bool | None:
    """Whether the row meets its target; None when it has none or it cannot be read."""
    target = str(row.get("target") or "").strip()
    if not target:
        return None
    target = target.replace("≤", "<=").replace("≥", ">=").replace("x", "×")
    on_ratio = target.endswith("×")
    target = target.rstrip("×").strip()
    operator = next((op for op in OPERATORS if target.startswith(op)), "=")
    number = target[len(operator) :].strip() if target.startswith(operator) else target
    try:
        wanted = float(number.replace(",", ""))
    except ValueError:  # a word: the value must say it
        return str(row.get("value")).strip().lower() == number.lower()
    compare = OPERATORS[operator]
    value, ratio = row.get("value"), row.get("ratio")
    candidates = [ratio] if on_ratio else [value, ratio]
    numbers = [c for c in candidates if isinstance(c, int | float) and not isinstance(c, bool)]
    if not numbers:
        return None
    return any(compare(n, wanted) for n in numbers)


def markdown_table(rows) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        met = target_met(row)
        missed = (
            "**UNDER**"
            if ">" in str(row.get("target")) or "≥" in str(row.get("target"))
            else "**OVER**"
        )
        row = {**row, "met": {None: "", True: "yes", False: missed}[met]}
        cells = [
            show(row.get(column), column).replace("<=", "≤").replace(">=", "≥")
            for column in COLUMNS
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(started, machine, notes, table, rows) -> None:
    RESULTS.mkdir(exist_ok=True)
    text = "\n".join(
        [
            f"# Benchmarks, {machine['date']}",
            "",
            *(f"- {key}: {value}" for key, value in machine.items()),
            "",
            *(f"- {note}" for note in notes),
            "",
            table,
            "",
        ]
    )
    stamp = started.strftime("%Y%m%d-%H%M%S")
    for name in (f"{stamp}.md", "latest.md"):
        (RESULTS / name).write_text(text, encoding="utf-8")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"machine": machine, "rows": rows}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"\nWritten to {RESULTS / (stamp + '.md')} and {RESULTS / 'latest.md'}")


if __name__ == "__main__":
    main()
