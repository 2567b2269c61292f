"""How fast svarbrev makes letters: warm in-process, cold from the command line, and in batch.

    python benchmarks/bench_letters.py [--breve 1000] [--varm 30]

Prints, for the reference reply (examples/henvendelser/fleksjob-2025-06-25.yaml):
- warm time per letter in one process (compose + render + write, templates and data cached);
- cold `svarbrev generate` time (a new Python process each time, imports included);
- batch throughput for N generated question files with 1 and with 2 workers;
- peak memory (max RSS) of a batch process and its workers, for N/10 and N letters, to show
  that memory does not grow with the number of letters.
Targets on a 2-core machine: warm ≤ 25 ms, cold ≤ 0.8 s, 1,000 letters ≤ 20 s with 2 workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bytecode import compile_like_an_install

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
SCHEMES = ["fleksjob", "kontanthjaelp", "sygedagpenge", "ledighedsydelse", "foertidspension"]

# Runs one batch in a fresh process and reports its time and peak memory (own and workers').
BATCH_DRIVER = """
import json, resource, sys, time
from pathlib import Path
from generator.batch import Options, run_batch
started = time.perf_counter()
report = run_batch([sys.argv[1]], Path(sys.argv[2]), Options(), workers=int(sys.argv[3]))
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds,
    "ok": report.count("ok"),
    "total": len(report.outcomes),
    "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def warm_per_letter(repeats: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from generator.reply import generate_reply

    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "svar.docx"
        generate_reply(REFERENCE, output, overwrite=True)  # warm up: imports, templates, extracts
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            generate_reply(REFERENCE, output, overwrite=True)
            timings.append(time.perf_counter() - started)
    return timings


def cold_cli(repeats: int) -> list[float]:
    compile_like_an_install()
    timings = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "generator", "generate", str(REFERENCE), "-o", str(Path(folder) / "svar.docx"), "--overskriv"],
                check=True,
                capture_output=True,
                cwd=ROOT,
            )
            timings.append(time.perf_counter() - started)
    return timings


def question_files(folder: Path, count: int) -> Path:
    """`count` question files: the reference inquiry to many recipients, and the other schemes."""
    folder.mkdir(parents=True)
    reference = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {ROOT / 'examples' / 'data'}")
    for number in range(count):
        scheme = SCHEMES[number % len(SCHEMES)]
        if scheme == "fleksjob":
            text = reference.replace("Hassan Nur Wardere", f"Medlem {number}")
        else:
            data = "data" if scheme == "kontanthjaelp" else "data/eksempeldata"
            text = f"""henvendelse:
  modtager: Medlem {number}
  dato: 2025-06-25
  emne: {scheme}
brev:
  dato: 2025-07-08
data:
  mappe: {ROOT / 'examples' / data}
spørgsmål:
  - tekst: Hvor mange københavnere er omfattet?
    metrikker: [{scheme}.antal]
  - tekst: Hvordan ligger København i forhold til de øvrige 6-byer?
    metrikker: [{scheme}.sammenligning]
  - tekst: Hvordan har udviklingen været?
    metrikker: [{scheme}.udvikling]
"""
        (folder / f"henvendelse-{number:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


def batch(sources: Path, out_dir: Path, workers: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", BATCH_DRIVER, str(sources), str(out_dir), str(workers)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def milliseconds(values: list[float]) -> str:
    return f"gennemsnit {statistics.mean(values) * 1000:.1f} ms, median {statistics.median(values) * 1000:.1f} ms"


def main() -> None:
    # The commands measured keep their case register apart from the source tree (its cost is measured with them).
    os.environ.setdefault("SVARBREV_REGISTER", str(Path(tempfile.mkdtemp(prefix="svarbrev-register-")) / "svarbrev.db"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--breve", type=int, default=1000, help="antal spørgsmålsfiler i batch-målingen (standard 1000)")
    parser.add_argument("--varm", type=int, default=30, help="gentagelser af den varme måling (standard 30)")
    args = parser.parse_args()

    print(f"varmt, ét brev i samme proces ({args.varm} gange): {milliseconds(warm_per_letter(args.varm))}  [mål ≤ 25 ms]")
    cold = cold_cli(5)
    print(f"koldt, svarbrev generate (5 gange): median {statistics.median(cold):.2f} s, hurtigst {min(cold):.2f} s  [mål ≤ 0,8 s]")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        many = question_files(root / "mange", args.breve)
        few = question_files(root / "faa", max(args.breve // 10, 1))
        for workers in (1, 2):
            run = batch(many, root / f"ud-{workers}", workers)
            rate = run["total"] / run["seconds"]
            print(
                f"batch, {run['total']} breve, {workers} proces(ser): {run['seconds']:.1f} s ({rate:.0f} breve/s), "
                f"{run['ok']} ok; hukommelse: hovedproces {run['rss_self_mb']:.0f} MB, største arbejder {run['rss_workers_mb']:.0f} MB"
                + ("  [mål ≤ 20 s for 1.000]" if workers == 2 else "")
            )
        small = batch(few, root / "ud-faa", 2)
        print(
            f"hukommelse ved {small['total']} breve (2 processer): hovedproces {small['rss_self_mb']:.0f} MB, "
            f"største arbejder {small['rss_workers_mb']:.0f} MB — sammenlign med {args.breve} breve ovenfor"
        )


if __name__ == "__main__":
    main()
