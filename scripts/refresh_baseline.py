"""Re-compute the committed draft-scenario baseline: `make baseline`.

Run it only when a change is meant to move the model's results; commit the new
tests/baseline/draft.json with a message that says why the numbers moved.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.baseline import OVERRIDES, TOLERANCE_SD, baseline_metrics  # noqa: E402
from sim.config.compose import compose_config  # noqa: E402
from sim.config.validation import to_typed  # noqa: E402

OUT = ROOT / "tests" / "baseline" / "draft.json"


def main() -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    cfg = to_typed(compose_config(OVERRIDES))
    metrics = baseline_metrics(cfg)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"overrides": OVERRIDES, "tolerance_sd": TOLERANCE_SD,
                               "metrics": metrics}, indent=2) + "\n", encoding="utf-8")
    for name, m in metrics.items():
        print(f"{name:<32} mean {m['mean']:12.4f}  sd {m['sd']:10.4f}  n {m['n']}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
