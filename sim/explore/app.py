"""The explorer's pages (Solara): What if, Saved sweeps, Step through.

Run with ``python -m sim.explore`` (or ``make explore``). Every ``solara.reactive`` and
task below is per connection, so several people in a meeting each keep their own
settings. Chinese by default; the button at the top switches to English.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import solara
import solara.lab

from sim.config.errors import ConfigError
from sim.explore import core
from sim.explore.charts import adoption_figure, fan_figure
from sim.labels import LEVER_LABELS, explore_label, map_value_label, parameter_label
from sim.maps import MapDataError, MapsUnavailable

RESULTS = Path(os.environ.get("SIM_EXPLORE_RESULTS", "results"))
MAP_VALUES = ("adoption_any", "integration_index", "pilot_regions", "pilot_enterprises",
              "adoption_digitalization", "adoption_platformization")

lang = solara.reactive("zh")


def L(key: str) -> str:
    return explore_label(key, lang.value)


def png(fig, dpi: int = 90) -> bytes:
    buf = io.BytesIO()
    from sim.charts.style import house_style

    with house_style(lang.value):
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def map_png(kind: str, a, b=None, value="adoption_any", names=("", "")) -> bytes | str:
    """A map as PNG bytes, or the one line saying why there is none."""
    from sim.maps.figures import city_adoption, city_map, county_map, difference_map

    try:
        if kind == "diff":
            fig = difference_map(b, a, value, lang.value, names=names)
        elif kind == "city":
            table = a if value in a.columns else city_adoption(b, value.removeprefix("adoption_"))
            fig = city_map(table, value, lang.value)
        else:
            fig = county_map(a, value, lang.value)
    except (MapsUnavailable, MapDataError, ValueError) as exc:
        return f"error: {exc}"
    return png(fig)


@solara.component
def MapValueSelect():
    """The mapped column, shown by its label in the current language."""
    labels = {map_value_label(v, lang.value)[0]: v for v in MAP_VALUES}
    current = next(k for k, v in labels.items() if v == map_value.value)
    solara.Select(L("map_value"), values=list(labels), value=current,
                  on_value=lambda k: map_value.set(labels[k]), classes=["map-value"])


@solara.component
def MapKindToggle():
    kinds = {L("county"): "county", L("city"): "city", L("diff_map"): "diff"}
    current = next(k for k, v in kinds.items() if v == map_kind.value)
    solara.ToggleButtonsSingle(value=current, values=list(kinds),
                               on_value=lambda k: map_kind.set(kinds[k]))


@solara.component
def Header(active_view: str):
    with solara.Row(style={"align-items": "center", "gap": "12px", "flex-wrap": "wrap"}):
        solara.Text(L("title"), style={"font-size": "22px", "font-weight": "600"})
        for key in ("whatif", "compare", "step"):
            solara.Button(L(key), text=active_view != key, color="primary",
                          on_click=lambda key=key: active.set(key), classes=[f"nav-{key}"])
        solara.Button(L("language"), on_click=lambda: lang.set("en" if lang.value == "zh"
                                                                  else "zh"),
                      outlined=True, classes=["lang-switch"])
    solara.Text(L("simulated_note"), style={"color": "#a33a2a", "font-size": "13px"})


# ---------------------------------------------------------------- What if
package = solara.reactive("draft")
settings = solara.reactive({})
field_error = solara.reactive("")
map_kind = solara.reactive("county")
map_value = solara.reactive("adoption_any")
policy_name = solara.reactive("whatif_package")
saved_note = solara.reactive("")


@solara.lab.task
def whatif_task(pkg: str, values: dict):
    return core.run_whatif(pkg, values, str(RESULTS))


def _load_package(name: str) -> None:
    package.set(name)
    settings.set(core.package_settings(name, str(RESULTS)))
    field_error.set("")


def _set(key: str, value: str) -> None:
    settings.set({**settings.value, key: value})
    try:
        core.check(package.value, core.changed(package.value, settings.value), str(RESULTS))
        field_error.set("")
    except ConfigError as exc:
        field_error.set(core.error_line(exc))


def _run() -> None:
    try:
        core.check(package.value, core.changed(package.value, settings.value), str(RESULTS))
    except ConfigError as exc:
        field_error.set(core.error_line(exc))
        return
    field_error.set("")
    whatif_task(package.value, dict(settings.value))


@solara.component
def Field(key: str, label: str, width: str = "120px"):
    solara.InputText(label, value=settings.value.get(key, ""), on_value=lambda v: _set(key, v),
                     dense=True, style={"max-width": width, "min-width": width},
                     classes=[f"field-{key.replace('.', '-')}"])


@solara.component
def SettingsPanel():
    solara.Select(L("package"), values=core.packages(), value=package.value,
                  on_value=_load_package, classes=["package-select"])
    i = 0 if lang.value == "zh" else 1
    with solara.Column(gap="0px"):
        with solara.Row(gap="8px"):
            solara.Text("", style={"min-width": "190px"})
            solara.Text(L("intensity"), style={"min-width": "80px", "font-size": "12px"})
            solara.Text(L("start"), style={"min-width": "110px", "font-size": "12px"})
        for lever in core.LEVERS:
            with solara.Row(gap="8px", style={"align-items": "center"}):
                solara.Text(LEVER_LABELS[lever][i], style={"min-width": "190px",
                                                           "max-width": "190px",
                                                           "font-size": "13px"})
                Field(f"{lever}.intensity", "", "80px")
                Field(f"{lever}.start", "", "110px")
    solara.Text(L("quotas"), style={"font-weight": "600", "margin-top": "10px"})
    with solara.Row(style={"flex-wrap": "wrap", "row-gap": "14px"}):
        Field("fund.budget_yi", L("fund"), "200px")
        for key in core.PILOT_KEYS:
            Field(key, parameter_label(f"policy.{key}", lang.value), "200px")


@solara.component
def TargetTable(result: core.WhatIf):
    zh = lang.value == "zh"
    with solara.Column(classes=["target-table"]):
        solara.Text(L("p_target"), style={"font-weight": "600"})
        head = (f"| {L('target')} | {L('current')} | {L('reference')} ({result.package}) | "
                f"{L('difference')} |\n|---|---|---|---|\n")
        rows = ""
        for r in result.table.itertuples():
            label = r.label_zh if zh else r.label_en
            rows += (f"| {label} | {core.fmt_p(r.p, r.lo, r.hi)} | "
                     f"{core.fmt_p(r.p_ref, r.lo_ref, r.hi_ref)} | "
                     f"{core.fmt_p(r.diff, r.diff_lo, r.diff_hi)} |\n")
        solara.Markdown(head + rows)
        for r in result.table.itertuples():  # machine-readable copies for tests and tools
            solara.Text(f"{r.p:.4f}", classes=[f"p-{r.target}"], style={"display": "none"})


@solara.component
def Results(result: core.WhatIf):
    n = core.SCALE["run.replicates"]
    sets = core.SCALE["run.parameter_sets"]
    solara.Text(L("scale").format(w=core.SCALE["world.firms_per_agent"], n=n, sets=sets,
                                  m=n // sets), style={"font-size": "12px", "color": "#555"})
    TargetTable(result)
    fan = solara.use_memo(lambda: png(fan_figure(result.current["province"],
                                                 result.reference["province"],
                                                 result.targets, lang.value)),
                          dependencies=[result, lang.value])
    solara.Image(fan, width="100%", classes=["fan-chart"])
    with solara.Row():
        MapKindToggle()
        MapValueSelect()
    names = (result.package, "whatif")
    kind, value = map_kind.value, map_value.value
    if kind == "city":  # the city table's columns, else the city rows of adoption
        a, b = result.current["city"], result.current["adoption"]
    else:
        a, b = result.current["county"], result.reference["county"]
    image = solara.use_memo(lambda: map_png(kind, a, b, value, names),
                            dependencies=[result, kind, value, lang.value])
    if isinstance(image, str):
        solara.Warning(image)
    else:
        solara.Image(image, width="640px", classes=["map-image"])


@solara.component
def ExportPanel():
    try:
        diff = core.changed(package.value, settings.value)
        text = core.policy_yaml(package.value, diff, policy_name.value)
        command = core.cli_command(package.value, diff)
        problem = ""
    except ConfigError as exc:
        text, command, problem = "", "", core.error_line(exc)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.InputText(L("policy_name"), value=policy_name, dense=True,
                         style={"max-width": "220px"}, classes=["policy-name"])
        if text:
            solara.FileDownload(text, filename=f"{policy_name.value}.yaml",
                                label=L("download_policy"), mime_type="text/yaml")

        def save():
            try:
                path = core.save_policy(text, policy_name.value)
                saved_note.set(L("saved").format(path=path))
            except ConfigError as exc:
                saved_note.set(core.error_line(exc))

        solara.Button(L("save_policy"), on_click=save, outlined=True, disabled=not text,
                      classes=["save-policy"])
    if saved_note.value:
        solara.Text(saved_note.value, classes=["saved-note"])
    if problem:
        solara.Error(problem)
    solara.Text(L("command"), style={"font-weight": "600"})
    with solara.Column(classes=["cli-command"]):
        solara.Markdown(f"```\n{command}\n```")


@solara.component
def WhatIfPage():
    solara.use_effect(lambda: _load_package(package.value) if not settings.value else None, [])
    Header("whatif")
    if not settings.value:
        solara.SpinnerSolara()
        return
    with solara.Columns([5, 7]):
        with solara.Column():
            SettingsPanel()
            if field_error.value:
                solara.Error(field_error.value, classes=["field-error"])
            solara.Button(L("running") if whatif_task.pending else L("run"), on_click=_run,
                          color="primary", disabled=whatif_task.pending,
                          classes=["run-button"])
            ExportPanel()
        with solara.Column():
            if whatif_task.pending:
                solara.ProgressLinear(True)
            if whatif_task.error:
                solara.Error(f"error: {whatif_task.exception}")
            elif whatif_task.finished and whatif_task.value is not None:
                Results(whatif_task.value)


# ---------------------------------------------------------------- Saved sweeps
folder = solara.reactive("")
job = solara.reactive("")


@solara.component
def ComparePage():
    Header("compare")
    folders = solara.use_memo(lambda: [str(p) for p in core.saved_folders(RESULTS)], [])
    chosen = Path(folder.value or (folders[0] if folders else "."))
    contents = solara.use_memo(
        lambda: core.folder_contents(chosen, lang.value) if folders else None,
        dependencies=[str(chosen), lang.value, bool(folders)])
    if contents is None:
        solara.Info(L("none_found"))
        return
    solara.Select(L("folder"), values=folders, value=str(chosen),
                  on_value=folder.set, classes=["folder-select"])
    for name, table in contents.tables.items():
        with solara.Details(name, expand=name.endswith("comparison.csv")):
            solara.DataFrame(table, items_per_page=20)
    for name, text in contents.texts.items():
        with solara.Details(name, expand=False):
            solara.Markdown(text)
    if contents.rules:
        with solara.Details("discovery", expand=True):
            solara.Markdown("\n".join(f"- {r}" for r in contents.rules[:20]))
    with solara.Row(style={"flex-wrap": "wrap"}, classes=["saved-images"]):
        for p in contents.images:
            solara.Image(str(p), width="480px")
    if contents.jobs:
        names = [p.name for p in contents.jobs]
        MapValueSelect()
        solara.Select("job", values=names, value=job.value if job.value in names else names[0],
                      on_value=job.set)
        JobMap(chosen / (job.value if job.value in names else names[0]))


@solara.component
def JobMap(job_dir: Path):
    def draw():
        import pandas as pd

        return map_png("county", pd.read_parquet(job_dir / "county.parquet"),
                       value=map_value.value)

    image = solara.use_memo(draw, dependencies=[str(job_dir), map_value.value, lang.value])
    if isinstance(image, str):
        solara.Warning(image)
    else:
        solara.Image(image, width="640px", classes=["map-image"])


# ---------------------------------------------------------------- Step through
stepper = solara.reactive(None)
playing = solara.reactive(False)
tick = solara.reactive(0)
step_package = solara.reactive("draft")


def _reset() -> None:
    playing.set(False)
    stepper.set(core.Stepper(step_package.value))
    tick.set(tick.value + 1)


def _step() -> None:
    if stepper.value is None:
        stepper.set(core.Stepper(step_package.value))
    stepper.value.step()
    tick.set(tick.value + 1)


@solara.lab.task
def play_task():
    if stepper.value is None or stepper.value.done:
        _reset()
        playing.set(True)
    while playing.value and not stepper.value.done:
        _step()
        time.sleep(0.3)
    playing.set(False)


@solara.component
def StepPage():
    Header("step")
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Select(L("package"), values=core.packages(), value=step_package,
                      classes=["step-package"])
        solara.Button(L("play"), on_click=lambda: (playing.set(True), play_task()),
                      disabled=playing.value, classes=["play"])
        solara.Button(L("pause"), on_click=lambda: playing.set(False),
                      disabled=not playing.value, classes=["pause"])
        solara.Button(L("step_once"), on_click=_step, disabled=playing.value,
                      classes=["step-once"])
        solara.Button(L("reset"), on_click=_reset, outlined=True)
    s = stepper.value
    tables = s.tables() if s is not None else {}
    _ = tick.value  # re-render on every step
    if not tables:
        return
    solara.Text(L("quarter_now").format(q=s.quarter()), classes=["quarter-now"],
                style={"font-size": "18px"})
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Image(png(adoption_figure(tables["province"], lang.value,
                                         s.model.last_quarter - s.model.first_quarter)),
                     width="560px")
        image = map_png("county", tables["county"], value="pilot_regions")
        if isinstance(image, str):
            solara.Warning(image)
        else:
            solara.Image(image, width="520px", classes=["map-image"])


active = solara.reactive("whatif")


@solara.component
def Page():
    """One page with three views (no URL routes: each connection keeps its own view)."""
    solara.Title("两业融合政策模拟器 / Integration policy explorer")
    with solara.Column(style={"padding": "12px 20px"}):
        {"whatif": WhatIfPage, "compare": ComparePage, "step": StepPage}[active.value]()
