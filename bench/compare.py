"""Before/after: the start-up, search, import and due-queue benches of two trees, interleaved.

    python bench/compare.py --old /path/to/old/tree [--new .] [--rounds 3]

Each round runs every bench once with the old tree's code and once with the new
tree's (each in its own process, with that tree's bench/ and PYTHONPATH), old and
new alternating, so that drift on a shared machine hits both alike.  Printed: the
median over the rounds of each figure, and new/old.  Sample data is built by each
tree's own code (a changed schema gets its own copy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

# bench name -> (call, the figures to compare; lower is better for all of them)
BENCHES = {
    "startup": ("startup.main(10_000)", ("netcare_ms", "ratio")),
    "search": ("search.main(100_000)", ("p50_ms", "p95_ms")),
    "import": ("import_bench.main(10_000)", ("netcare_s",)),
    "due": ("due.main(100_000, 10.0)", ("due_queue_ms_p50", "due_queue_ms_p95")),
}


def run(tree: Path, call: str) -> dict:
    code = (
        "import json, sys; sys.path.insert(0, 'bench'); "
        f"import {call.split('.')[0]}; r = {call}; print('RESULT ' + json.dumps(r))"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{call} in {tree} failed:\n{out.stdout[-800:]}\n{out.stderr[-1500:]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True, type=Path)
    ap.add_argument("--new", default=Path(__file__).resolve().parents[1], type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="*", default=list(BENCHES))
    args = ap.parse_args()
    got: dict[tuple[str, str, str], list[float]] = {}
    for r in range(args.rounds):
        for name in args.only:
            call, keys = BENCHES[name]
            order = (("old", args.old), ("new", args.new))
            for side, tree in order if r % 2 == 0 else order[::-1]:
                result = run(tree.resolve(), call)
                for key in keys:
                    got.setdefault((name, key, side), []).append(float(result[key]))
                print(
                    f"round {r + 1} {name} {side}: "
                    + ", ".join(f"{k}={result[k]:.4g}" for k in keys)
                )
    print(f"\nmedian of {args.rounds} interleaved rounds (lower is better):")
    summary = {}
    for name in args.only:
        for key in BENCHES[name][1]:
            old = statistics.median(got[(name, key, "old")])
            new = statistics.median(got[(name, key, "new")])
            summary[f"{name}.{key}"] = {"old": old, "new": new, "new/old": new / old}
            print(f"  {name:8} {key:11} old {old:9.4g}  new {new:9.4g}  new/old {new / old:5.2f}")
    out = Path(args.new) / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "compare.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
