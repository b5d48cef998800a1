"""The machine-readable side of the benchmarks, for bench/run_all.py: given `--json PATH` (or
BENCH_JSON=PATH), a benchmark also writes its figures to PATH as a JSON list of
{"figure", "value", "baseline", "ratio", "target"} (None where a figure has none). The
printed table stays what people read."""

import json
import os
import sys
from pathlib import Path


def figure(name, value, baseline=None, target=None, ratio=None) -> dict:
    """One row; the ratio is value / baseline unless given."""
    if ratio is None and isinstance(baseline, int | float) and baseline:
        ratio = value / baseline
    return {"figure": name, "value": value, "baseline": baseline, "ratio": ratio, "target": target}


def json_path() -> str | None:
    if "--json" in sys.argv[1:-1]:
        return sys.argv[sys.argv.index("--json") + 1]
    return os.environ.get("BENCH_JSON") or None


def write(rows: list[dict]) -> None:
    """Write the rows where --json or BENCH_JSON says, if either does."""
    path = json_path()
    if path:
        Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
