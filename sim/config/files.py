"""When composing fails, find the config file to blame and say what is wrong with it.

Hydra reports a file that is not UTF-8 without naming it, and a file whose top level is a
list as a long validation error. This checks the YAML files an analyst is likely to have
edited and names the first bad one: file, line, and what is expected.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def problem_with(path: Path) -> str | None:
    """What is wrong with one config file, or None if it reads as a YAML mapping."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    except UnicodeDecodeError:
        return f"{path} is not UTF-8 text (is it a binary or a mis-saved file?)"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        return f"{path} is malformed YAML{where}: {problem}"
    if data is None:
        return f"{path} is empty; a config file needs at least the keys its group expects"
    if not isinstance(data, dict):
        return (f"{path} must hold a mapping of keys (key: value), not a "
                f"{type(data).__name__}")
    return None


def search_dirs(config_dir: Path, overrides: list[str]) -> list[Path]:
    """The primary config folder plus folders added with hydra.searchpath=[file://...]."""
    dirs = [config_dir]
    for o in overrides:
        if o.startswith("hydra.searchpath="):
            for item in o.split("=", 1)[1].strip("[]").split(","):
                item = item.strip().strip("'\"")
                if item.startswith("file://"):
                    dirs.append(Path(item[len("file://"):]))
    return dirs


def find_bad_config(config_dir: Path, overrides: list[str], only_chosen: bool = False
                    ) -> str | None:
    """The problem of the first bad file among the chosen group options, then (unless
    ``only_chosen``) among all config files."""
    dirs = search_dirs(config_dir, overrides)
    chosen = []
    for o in overrides:
        key, _, value = o.partition("=")
        if "/" not in key and "." not in key and value and "," not in value:
            chosen += [d / key.lstrip("+") / f"{value}.yaml" for d in dirs]
    everything = [] if only_chosen else [
        p for d in dirs if d.is_dir() for p in sorted(d.rglob("*.yaml"))
        if "hydra" not in p.relative_to(d).parts[:1]]
    for path in [*chosen, *everything]:
        if path.is_file() and (problem := problem_with(path)):
            return problem
    return None
