"""The house chart style shared by every chart of the project.

- ``fonts``: the CJK font shipped in ``mplfonts``, registered with matplotlib;
- ``style``: :func:`style.house_style` (a ``matplotlib.rc_context``: charts never change
  the global rcParams), the median/band/target/checkpoint line styles, year-end ticks,
  and :func:`style.save_figure` (SVG, PDF and 300-dpi PNG, atomic);
- ``pilots``, ``coupling``: the charts a single run draws (pilot regions and enterprises
  over time; the index's coupling C, development T and degree D over time), drawn with
  the panel, target line and legend of ``trajectory``.

The analyses keep their own charts (``sim/report/charts``, ``sim/sensitivity/charts``,
``sim/policy_search/chart``); their labels are in :mod:`sim.labels`.
"""
