"""Comparing the scenarios of a sweep: tables, charts and a report (``python -m sim.report``).

Imports run one way: ``sim.report`` reads saved sweep folders through ``sim.results`` and
may use ``sim.outcomes``, ``sim.labels``, ``sim.config`` and ``sim.charts``; nothing in the
model imports it.
"""
