"""Re-compute the committed draft-scenario baseline: `make baseline`.

Run it only when a change is meant to move the model's results; commit the new
tests/baseline/draft.json with a message that says why the numbers moved.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from hydra import compose, initialize_config_dir

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.baseline import OVERRIDES, TOLERANCE_SD, baseline_metrics  # noqa: E402
from sim.validation import to_typed  # noqa: E402

OUT = ROOT / "tests" / "baseline" / "draft.json"


def main() -> None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    with initialize_config_dir(config_dir=str(ROOT / "configs"), version_base="1.3"):
        cfg = to_typed(compose("config", overrides=OVERRIDES))
    metrics = baseline_metrics(cfg)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"overrides": OVERRIDES, "tolerance_sd": TOLERANCE_SD,
                               "metrics": metrics}, indent=2) + "\n", encoding="utf-8")
    for name, m in metrics.items():
        print(f"{name:<32} mean {m['mean']:12.4f}  sd {m['sd']:10.4f}  n {m['n']}")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
