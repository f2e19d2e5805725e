"""When composing fails, find the config file to blame and say what is wrong with it.

Hydra reports a file that is not UTF-8 without naming it, and a file whose top level is a
list as a long validation error. This checks the YAML files an analyst is likely to have
edited and names the first bad one: file, line, and what is expected.
"""

from __future__ import annotations

import re
from functools import cache
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


# ------------------------------------------------------------------ files that cannot harm
# A config file may come from someone else. It must not be able to exhaust the machine
# (a few lines of nested YAML aliases expand to billions of nodes when Hydra copies them)
# nor read this machine's environment into results (``${oc.env:SECRET}`` would be copied
# into config.yaml, the summary and the report).
MAX_FILE_BYTES = 1_000_000
MAX_EXPANDED_NODES = 100_000  # the largest project file has about 1,000
ALLOWED_RESOLVERS = {"run_id", "first_nonempty", "hydra", "now"}
_RESOLVER = re.compile(r"\$\{\s*([A-Za-z_][\w.]*)\s*:")


def unsafe_content(path: Path) -> str | None:
    """Why one YAML file is refused (too big, nested or expanded too far, an environment
    or unknown resolver), or None. Remembered per file version: composing is frequent."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _unsafe_content(path, stat.st_mtime_ns, stat.st_size)


@cache
def _unsafe_content(path: Path, mtime_ns: int, size: int) -> str | None:
    try:
        if size > MAX_FILE_BYTES:
            return f"{path} is {size:,} bytes; config files are limited to {MAX_FILE_BYTES:,}"
        root = yaml.compose(path.read_bytes().decode("utf-8"), Loader=yaml.SafeLoader)
    except RecursionError:
        return f"{path} nests values too deeply"
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # unreadable or malformed: problem_with() words that
    if root is None:
        return None
    sizes: dict[int, int] = {}
    strings: list[str] = []

    def expanded(node: yaml.Node) -> int:
        """Nodes after alias expansion; each distinct node is visited once."""
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # a recursive alias counts once, then stops
        if isinstance(node, yaml.ScalarNode):
            strings.append(str(node.value))
            total = 1
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(expanded(child) for child in node.value)
        else:
            total = 1 + sum(expanded(k) + expanded(v) for k, v in node.value)
        sizes[id(node)] = total
        return total

    try:
        total = expanded(root)
    except RecursionError:
        return f"{path} nests values too deeply"
    if total > MAX_EXPANDED_NODES:
        return (f"{path} expands to {total:,} values through YAML aliases (&/*); config "
                f"files are limited to {MAX_EXPANDED_NODES:,}")
    for text in strings:
        for name in _RESOLVER.findall(text):
            if name.split(".")[0] not in ALLOWED_RESOLVERS:
                what = ("reads an environment variable" if name in ("oc.env", "env")
                        else "uses a resolver this project does not allow")
                return (f"{path} {what} ('${{{name}:...}}'); config files may not (allowed: "
                        f"{', '.join(sorted(ALLOWED_RESOLVERS))}, and ${{key}} references)")
    return None


def find_unsafe_config(config_dir: Path, overrides: list[str]) -> str | None:
    """The first config file in the search path that :func:`unsafe_content` refuses."""
    for d in search_dirs(config_dir, overrides):
        if d.is_dir():
            for path in sorted(d.rglob("*.yaml")):
                if problem := unsafe_content(path):
                    return problem
    return None
