"""Where the readers' generic tests find import files: ../shared/corpus when it is there,
else this project's own tests/fixtures/samples (same layout: vcards/, synthetic/, csv/).

Tests that check what one real-world file holds read ``corpus_dir`` (and skip without it);
tests that hold for any well-formed sample (round trips, the two vCard readers agreeing,
mutation, streaming, the CLI import) read ``samples_dir`` and so run in a fresh clone too.
``NETCARE_NO_CORPUS=1`` hides the corpus, to see what such a clone runs.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
OWN_SAMPLES = HERE / "fixtures" / "samples"
if os.environ.get("NETCARE_NO_CORPUS") == "1":
    CORPUS = HERE / "no-corpus-here"

# The one sample file of each set whose last card is never closed (read last when joined).
UNTERMINATED = {
    CORPUS: "vcards/khard__unparsable.vcf",
    OWN_SAMPLES: "vcards/unparsable-open-last-card.vcf",
}


def samples_root() -> Path:
    return CORPUS if CORPUS.is_dir() else OWN_SAMPLES


def vcard_names(root: Path | None = None) -> list[str]:
    """The sample vCard files, as paths relative to their root."""
    root = root or samples_root()
    return sorted(
        str(p.relative_to(root)) for d in ("vcards", "synthetic") for p in (root / d).glob("*.vcf")
    )
