"""Sorting names in stroke order (congress_office/strokes.py, issue 13): 2,000 names of a
common surname and one or two other characters, against Python's sort by code point of the
same names, in interleaved rounds so a busy moment weighs on both alike. No database.

    .venv/bin/python bench/bench_strokes.py

Prints figures; asserts nothing. The first figure is loading the stroke data, once per process."""

import random
import statistics
import sys
import time
from pathlib import Path

import figures  # bench/figures.py: --json PATH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from congress_office.strokes import sorted_by_strokes, stroke_classes  # noqa: E402

NAMES = 2000
ROUNDS = 30
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"


def ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def main():
    load = ms(stroke_classes)
    chars = list(stroke_classes())
    rng = random.Random(13)
    names = [
        rng.choice(SURNAMES) + "".join(rng.choices(chars, k=rng.choice((1, 2))))
        for _ in range(NAMES)
    ]
    by_strokes, by_code_point = [], []
    for _ in range(ROUNDS):
        by_strokes.append(ms(lambda: sorted_by_strokes(names)))
        by_code_point.append(ms(lambda: sorted(names)))
    strokes, code_point = statistics.median(by_strokes), statistics.median(by_code_point)
    print(f"Stroke order of {NAMES:,} names, median of {ROUNDS} rounds")
    print(f"  loading the stroke data:  {load:7.1f} ms")
    print(f"  sorted in stroke order:   {strokes:7.1f} ms")
    print(f"  sorted by code point:     {code_point:7.1f} ms  ({strokes / code_point:.0f}×)")
    figures.write(
        [
            figures.figure("loading the stroke data (ms)", round(load, 1)),
            figures.figure(
                f"{NAMES:,} names in stroke order (ms)", round(strokes, 2), round(code_point, 2)
            ),
        ]
    )


if __name__ == "__main__":
    main()
