"""Re-compute the committed draft-scenario baseline, both tiers: `make baseline`.

Run it only when a change is meant to move the model's results (or after a deliberate
upgrade of the pinned dependencies), in a venv made by `make venv` (the pinned set); commit
tests/baseline/ with a message that says why the numbers moved.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.baseline import (  # noqa: E402
    EXACT_OVERRIDES,
    OVERRIDES,
    TOLERANCE_SD,
    baseline_metrics,
    exact_table,
    numeric_versions,
)
from sim.config.compose import compose_config  # noqa: E402
from sim.config.validation import to_typed  # noqa: E402

OUT = ROOT / "tests" / "baseline" / "draft.json"


def exact_paths() -> tuple[Path, Path]:
    """The per-seed table and its note, one pair per Python minor (each has its lock)."""
    tag = "py" + numeric_versions()["python"].replace(".", "")
    folder = ROOT / "tests" / "baseline"
    return folder / f"draft_per_seed-{tag}.csv", folder / f"draft_per_seed-{tag}.json"


def main(argv: list[str] | None = None) -> None:
    """``--exact-only`` writes only this Python's tier-1 file (draft_per_seed-py3XX), e.g.
    in a venv of another Python with its own lock; draft.json is made under Python 3.11."""
    args = sys.argv[1:] if argv is None else argv
    logging.getLogger("MESA").setLevel(logging.WARNING)
    if "--exact-only" not in args:
        write_tolerance_baseline()
    write_exact_baseline()


def write_tolerance_baseline() -> None:
    cfg = to_typed(compose_config(OVERRIDES))
    metrics = baseline_metrics(cfg)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"overrides": OVERRIDES, "tolerance_sd": TOLERANCE_SD,
                               "metrics": metrics}, indent=2) + "\n", encoding="utf-8")
    for name, m in metrics.items():
        print(f"{name:<32} mean {m['mean']:12.4f}  sd {m['sd']:10.4f}  n {m['n']}")
    print(f"wrote {OUT}")


def write_exact_baseline() -> None:
    table_path, note_path = exact_paths()
    exact_table(to_typed(compose_config(EXACT_OVERRIDES))).to_csv(
        table_path, index=False, float_format="%.17g")  # 17 digits: every bit survives
    note_path.write_text(json.dumps({"overrides": EXACT_OVERRIDES,
                                     "versions": numeric_versions()}, indent=2) + "\n",
                         encoding="utf-8")
    print(f"wrote {table_path} and {note_path.name}")


if __name__ == "__main__":
    main()
