"""What a report knows about one scenario of a sweep (one Hydra job)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScenarioInfo:
    key: str  # unique, stable id: the job's swept overrides, e.g. "policy=draft"
    label_zh: str  # short display name, e.g. "征求意见稿" or "专项资金 20亿元"
    label_en: str
    job: int  # Hydra job number inside the sweep folder
    is_reference: bool = False  # paired differences are taken against this one
    is_counterfactual: bool = False  # the no-policy run (policy=none) costs are measured against

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en
