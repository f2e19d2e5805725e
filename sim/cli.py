"""Command-line plumbing: compose and check a config once, and say errors in one line.

Hydra reports a bad override over several lines (and a traceback for some); an analyst
gets one line naming the key and what is allowed, exit code 2, and nothing written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import MissingConfigException, OverrideParseException
from omegaconf import DictConfig, OmegaConf, open_dict

from sim.config.compose import CONFIG_DIR, compose_config
from sim.config.errors import ConfigError
from sim.config.files import find_bad_config, find_unsafe_config
from sim.config.schema import SimConfig
from sim.config.validation import to_typed
from sim.outputs import output_folder_problem


def one_line(exc: BaseException) -> str:
    """The gist of a Hydra/OmegaConf error chain, on one line."""
    if isinstance(exc, ConfigError):
        return str(exc)
    if isinstance(exc, MissingConfigException) and exc.missing_cfg_file:
        group = str(exc.missing_cfg_file).rsplit("/", 1)[0]
        wanted = str(exc.missing_cfg_file).rsplit("/", 1)[-1]
        options = ", ".join(sorted(o for o in (exc.options or []) if not o.startswith("_")))
        return f"{group}={wanted} is not a known option; allowed: {options}"
    if isinstance(exc, OverrideParseException):
        return _unparsable(str(exc))
    text = " ".join(_chain_text(exc))
    in_file = re.search(r"In '([^']+)': ConfigKeyError raised while composing config: "
                        r"Key '([^']+)' not in", text)
    if in_file:
        return (f"unknown config key '{in_file.group(2)}' in {in_file.group(1)}.yaml; check "
                "the spelling (python -m sim --cfg job lists every key)")
    override = re.search(r"Could not override '([^']+)'", text)
    if override and " not in " in text:
        return (f"unknown config key '{override.group(1)}'; check the spelling "
                "(python -m sim --cfg job lists every key)")
    converted = re.search(r"Error merging override (\S+).*?could not be converted to (\w+)", text)
    if converted:
        key, value = converted.group(1).split("=", 1)
        kind = converted.group(2).lower()
        article = "an" if kind[0] in "aeiou" else "a"
        return f"{key}={value} has the wrong type; {key} takes {article} {kind}"
    text = re.sub(r"\s*(full_key|reference_type|object_type)=?:?\s*\S+", "", text)
    return text[:600] or type(exc).__name__


def _unparsable(message: str) -> str:
    """Hydra's override lexer rejects e.g. ``policy.fund.budget_yi=三十`` with a parser
    trace and a link to old docs; say which key wants what instead."""
    bad = message.split(":", 1)[-1].strip().splitlines()[0].strip()
    key, _, value = bad.partition("=")
    kind = expected_type(key.lstrip("+~"))
    if kind in ("int", "float"):
        return (f"{bad} is not a number; {key} takes a number ({kind}), e.g. "
                f"{key}={'30' if kind == 'int' else '30.0'}")
    if value:
        return (f"{bad} cannot be read as a value; write {key}='{value}' (in quotes) if "
                f"the text is meant literally")
    return f"'{bad}' is not an override; write key=value, e.g. run.replicates=40"


def expected_type(key: str) -> str | None:
    """The schema's type name of a dotted config key (None if the key is unknown)."""
    from dataclasses import fields, is_dataclass
    from typing import get_type_hints

    from sim.config.schema import SimConfig

    node: object = SimConfig
    for part in key.split("."):
        if not (isinstance(node, type) and is_dataclass(node)):
            return None
        if part not in {f.name for f in fields(node)}:
            return None
        node = get_type_hints(node)[part]
    return getattr(node, "__name__", None)


def _chain_text(exc: BaseException) -> list[str]:
    """Each distinct message along the exception's cause chain, flattened to one line."""
    parts: list[str] = []
    node: BaseException | None = exc
    while node is not None:
        text = " ".join(line.strip() for line in str(node).splitlines() if line.strip())
        text = text.replace(_HYDRA_HINT, "").strip()
        if text and text not in parts:
            parts.append(text)
        node = node.__cause__ or node.__context__
    return parts


_HYDRA_HINT = "Set the environment variable HYDRA_FULL_ERROR=1 for a complete stack trace."


def checked_config(overrides: list[str]) -> tuple[DictConfig, SimConfig]:
    """Compose the config for these overrides (with Hydra's own node, which names the
    output folder) and validate it: the one composition of a single run. Raises
    ConfigError with one line naming the key and what is allowed. Config files that could
    exhaust the machine or read its environment are refused before Hydra reads them."""
    if problem := find_unsafe_config(CONFIG_DIR, overrides):
        raise ConfigError(problem)
    try:
        cfg = compose_config(overrides, hydra_config=True)
        job = cfg.copy()
        with open_dict(job):
            job.pop("hydra")  # composed only to check its options (launcher, sweeper...)
        typed = to_typed(job)
    except Exception as exc:  # every failure becomes one line for the analyst
        raise ConfigError(explain(exc, overrides)) from None
    return cfg, typed


def check_overrides(overrides: list[str], multirun: bool = False) -> str | None:
    """None if these overrides make a good config, else the one line saying why.

    For a sweep the swept overrides are left out here: the sweeper checks every job's
    config before any job starts. What is checked here is everything the jobs share.
    """
    try:
        cfg, _ = checked_config(_shared_overrides(overrides) if multirun else overrides)
    except ConfigError as exc:
        return str(exc)
    return folder_problem(cfg, multirun)


def folder_problem(cfg: DictConfig, multirun: bool = False) -> str | None:
    """The run or sweep folder must be usable before any work starts: a folder (or
    creatable), writable; a run folder also empty. A sweep folder may hold the same sweep
    (a resume: the sweeper checks that it is the same)."""
    key = "hydra.sweep.dir" if multirun else "hydra.run.dir"
    try:
        folder = OmegaConf.select(cfg, key, throw_on_resolution_failure=True)
    except Exception:  # resolvers that exist only in a running job
        return None
    if folder is not None and (
            problem := output_folder_problem(Path(str(folder)), may_hold_files=multirun)):
        return f"{key}: {problem}"
    return None


def explain(exc: BaseException, overrides: list[str]) -> str:
    """One line for a failed composition or validation. A bad file among the chosen
    options is named (an empty one shows up only as a missing key); any other config file
    is blamed only when the failure is about reading a file."""
    return find_bad_config(CONFIG_DIR, overrides, only_chosen=not _about_a_file(exc)) \
        or one_line(exc)


def _about_a_file(exc: BaseException) -> bool:
    """True if reading a file failed (bad YAML, not text); a key the schema does not know
    is about that key, and the file that holds it is named in the message itself."""
    node: BaseException | None = exc
    if "ConfigKeyError raised while composing config" in " ".join(_chain_text(exc)):
        return False
    while node is not None:
        if isinstance(node, (yaml.YAMLError, UnicodeDecodeError)) or (
                "while composing config" in str(node)):
            return True
        node = node.__cause__ or node.__context__
    return False


def _shared_overrides(overrides: list[str]) -> list[str]:
    parsed = OverridesParser.create().parse_overrides(overrides)
    return [o.input_line for o in parsed if not o.is_sweep_override()]


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)
