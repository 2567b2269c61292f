"""How long the automatic mapping takes per question, warm (catalogue and matcher built once).

    python benchmarks/bench_mapping.py [--gentag N]

Runs every labelled question in tests/data/ (with and without parameters) through the matcher N
times and prints the mean, median, 95th percentile and slowest time per question. The matcher's
result cache is cleared before each question, so a follow-up question pays for re-reading the
questions before it. Target: under 5 ms warm.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from generator.mapping import matcher_for
from generator.mapping.evaluation import load_labelled, load_labelled_calls
from generator.metrics.catalogue import load_catalogue

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gentag", type=int, default=20, help="gennemløb af alle spørgsmål (standard 20)")
    args = parser.parse_args()

    started = time.perf_counter()
    matcher = matcher_for(load_catalogue())
    cold = time.perf_counter() - started
    questions = [q for file in sorted(DATA.glob("mapping_eval*.yaml")) for q in load_labelled(file)]
    questions += [q for file in sorted(DATA.glob("mapping_params*.yaml")) for q in load_labelled_calls(file)]
    for question in questions:  # warm the stem cache the way a running process would be
        matcher.match(question.text, question.context)

    timings = []
    for _ in range(args.gentag):
        for question in questions:
            matcher.clear_cache()
            start = time.perf_counter()
            matcher.match(question.text, question.context)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(f"katalog og matcher bygget på {cold * 1000:.0f} ms")
    print(
        f"{len(questions)} spørgsmål × {args.gentag}: gennemsnit {statistics.mean(timings):.2f} ms, "
        f"median {statistics.median(timings):.2f} ms, 95 % under {p95:.2f} ms, langsomst {timings[-1]:.2f} ms pr. spørgsmål"
    )


if __name__ == "__main__":
    main()
