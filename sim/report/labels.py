"""Display names of scenarios, in Chinese and English, from what a sweep varied."""

from __future__ import annotations


def _budget(v: str) -> tuple[str, str]:
    yi = float(v)
    return f"专项资金{yi:g}亿元", f"Fund ¥{yi / 10:g} bn ({yi:g} 亿元)"


def _delay(v: str) -> tuple[str, str]:
    q = int(v)
    if q == 0:
        return "按期实施", "On schedule"
    if q < 0:
        return f"提前{-q}个季度", f"{-q} quarter{'s' if q < -1 else ''} earlier"
    return f"推迟{q}个季度", f"{q} quarter{'s' if q > 1 else ''} later"


# Known swept keys get a readable name; any other key shows as key=value.
_KNOWN = {
    "policy.fund.budget_yi": _budget,
    "policy.delay_quarters": _delay,
}


def scenario_labels(job: dict, config: dict) -> tuple[str, str]:
    """(zh, en) label of a sweep job from its swept values and resolved config."""
    policy = config.get("policy", {})
    policy_zh = policy.get("label_zh") or policy.get("name", "")
    policy_en = policy.get("label_en") or policy.get("name", "")
    swept = job.get("swept") or {}
    if job.get("counterfactual") or not swept:
        return policy_zh, policy_en
    zh, en = [], []
    for key, value in swept.items():
        if key == "policy":
            zh.append(policy_zh)
            en.append(policy_en)
        elif key in _KNOWN:
            a, b = _KNOWN[key](value)
            zh.append(a)
            en.append(b)
        else:
            zh.append(f"{key}={value}")
            en.append(f"{key}={value}")
    return "，".join(zh), ", ".join(en)
