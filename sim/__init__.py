"""Zhejiang integration model. ``from sim import IntegrationModel`` gives the Mesa-facing
model (:mod:`sim.mesa_model`); ``from sim import api`` the Python API (:mod:`sim.api`).

Both load lazily: importing a submodule (e.g. the pure model ``sim.model``) never pulls
in Hydra or the configs.
"""

from __future__ import annotations

__all__ = ["IntegrationModel", "api"]


def __getattr__(name: str):
    if name == "IntegrationModel":
        from sim.mesa_model import IntegrationModel

        return IntegrationModel
    if name == "api":
        import sim.api as api

        return api
    raise AttributeError(f"module 'sim' has no attribute '{name}'")
