"""User text made safe for the files others open: Markdown, HTML, CSV and Excel.

Labels, questions, scenario keys and config values come from config files an analyst may
have received from someone else. Every writer of an output file passes such text through
here, so that
- Markdown and HTML show it as text: ``<script>`` is not run, ``[x](http://…)`` is not a
  link, ``|`` does not split a table cell;
- a spreadsheet shows it as text: a cell starting with ``=``, ``+``, ``-`` or ``@`` is not
  evaluated as a formula (numbers are never touched, and a text cell that is just a
  number, such as ``-0.5``, is left as it is: a spreadsheet reads it as that number).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What could make user text active or break a table: HTML is escaped separately; links and
# images need brackets, code spans backticks, table cells end at a bar.
_MD_SPECIAL = re.compile(r"([\\`\[\]|])")


def md(value: Any) -> str:
    """Text for Markdown (a paragraph, a heading or a table cell): HTML is escaped,
    links, code spans and table bars are backslash-escaped, lines are joined."""
    text = " ".join(str(value).splitlines())
    text = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def html_text(value: Any) -> str:
    """Text (or an attribute value) for HTML."""
    return html.escape(str(value), quote=True)


def _is_number_text(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def needs_neutralising(value: Any) -> bool:
    """True for a text cell a spreadsheet would evaluate as a formula."""
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _is_number_text(value))


def neutral_cell(value: Any) -> Any:
    """A value safe in a CSV cell: formula-like text gets a leading apostrophe (the
    spreadsheet convention for "this is text"); numbers and other text are unchanged."""
    return "'" + value if needs_neutralising(value) else value


def neutral_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells (and column names) are neutralised."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _neutral_column(out[col])
    out.columns = [neutral_cell(c) for c in out.columns]
    return out


def _neutral_column(values: pd.Series) -> pd.Series:
    """The column with its formula-like text cells neutralised. Tables repeat a few
    labels over many rows, so each distinct value is checked once."""
    try:
        distinct = pd.unique(values)
    except TypeError:  # unhashable cells: check them one by one
        return values.map(neutral_cell)
    changed = {v: neutral_cell(v) for v in distinct if needs_neutralising(v)}
    if not changed:
        return values
    return values.map(lambda v: changed.get(v, v) if isinstance(v, str) else v)


def write_csv(df: pd.DataFrame, path: Path, **kwargs: Any) -> None:
    """``df.to_csv`` with formula-like text neutralised."""
    kwargs.setdefault("index", False)
    neutral_frame(df).to_csv(path, **kwargs)


def neutralise_workbook(book: Any) -> int:
    """Mark every formula-like text cell of an openpyxl workbook as text (openpyxl stores
    a string starting with ``=`` as a live formula). The cell keeps its exact text and is
    shown as text, as Excel does for text typed with a leading apostrophe. Returns the
    number of cells changed."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if needs_neutralising(cell.value) or cell.data_type == "f":
                    cell.value = str(cell.value)
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
