"""Run every benchmark and print the figures (benchmarks assert nothing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import backup_time  # noqa: E402
import due  # noqa: E402
import external_repaint  # noqa: E402
import frozen_startup  # noqa: E402
import gui_import  # noqa: E402
import import_bench  # noqa: E402
import memory  # noqa: E402
import network  # noqa: E402
import search  # noqa: E402
import startup  # noqa: E402
import store_watch  # noqa: E402
import writer_wait  # noqa: E402
from common import OUT, machine  # noqa: E402


def main() -> None:
    print(f"machine: {machine()}")
    results = {
        "machine": machine(),
        "startup": startup.main(10_000),
        "search": search.main(100_000),
        "memory": memory.main(100_000),
        "frozen_startup": frozen_startup.main(10_000),
        "import": import_bench.main(10_000),
        "gui_import": gui_import.main(10_000),
        "due": due.main(100_000, 10.0),
        "network": network.main(100_000, 10.0),
        "backup": backup_time.main(100_000),
        "writer_wait": writer_wait.main(40_000),
        "external_repaint": external_repaint.main(10_000),
        "store_watch": store_watch.main(10_000),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(f"figures saved in {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
