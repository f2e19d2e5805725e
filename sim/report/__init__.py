"""Comparing the scenarios of a sweep: tables, charts and a report (``python -m sim.report``).

Imports run one way: ``sim.report`` reads saved sweep folders and may use ``sim.summary``,
``sim.config`` and ``sim.analysis``; nothing in the model imports it.
"""
