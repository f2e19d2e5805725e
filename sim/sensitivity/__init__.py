"""Analysis of a sampled study (``python -m sim.sensitivity <sweep folder>``).

- ``load``: the chunks of a sensitivity/screening/discovery sweep, put back in sample order;
- ``indices``: Sobol (first and total order) and Morris indices via SALib, with intervals;
- ``charts``: the tornado chart of indices per target, in the house style;
- ``__main__``: indices, scenario discovery (PRIM) and a report, written to a new folder.
"""
