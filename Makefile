# One place to set up, run, test and benchmark. Every target creates .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

EXPERIMENT ?= policy_comparison
SWEEP      ?= latest

.PHONY: venv run sweep report test bench lint baseline clean-venv

# The pinned dependency set of this Python (pip freeze of a working venv): the exact
# per-seed baseline holds under it (numpy's SIMD paths may change last bits between
# releases). pip applies it on top of any constraints in the machine's pip config.
PYVER     := $(shell $(PYTHON) -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')
LOCK      ?= constraints-py$(PYVER).txt

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c $(LOCK) -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

## make run ARGS="policy=all_in run.replicates=40"  -- default scenario (draft policy)
run: $(STAMP)
	$(PY) -m sim $(ARGS)

## make sweep EXPERIMENT=budget_sweep ARGS="run.replicates=40"  -- a named sweep (configs/experiment/)
sweep: $(STAMP)
	$(PY) -m sim -m experiment=$(EXPERIMENT) $(ARGS)

## make report SWEEP=results/sweeps/<experiment>/<id> ARGS="--lang en"  -- compare a sweep's
## scenarios (default: the newest sweep); writes <sweep>/report/report.html and friends
report: $(STAMP)
	$(PY) -m sim.report $(SWEEP) $(ARGS)

## make test  -- the whole test suite (a few minutes); pytest prints its wall time last
test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## make bench  -- speed (build + whole run, both engines) and memory at 10^4 and 10^5 firms,
## a worker's memory over many replicates, and a full-scale sweep's throughput
bench: $(STAMP)
	$(PY) benchmarks/bench_model.py $(ARGS)

## make baseline  -- refresh the committed draft-scenario baseline, both tiers (tests/baseline/)
baseline: $(STAMP)
	$(PY) scripts/refresh_baseline.py

## make calibration ARGS="policy=none run.replicates=5"  -- the 2020 starting state against
## zhejiang-facts.md (default: draft, 3 seeds); writes results/calibration/<date-time>/
.PHONY: calibration
calibration: $(STAMP)
	$(PY) -m sim.calibration $(ARGS)

## make calibrate ARGS="--setting full --install"  -- ABC-SMC of the dynamics against the
## 2017–2020 series (default: the small CI setting); writes results/calibrate/<date-time>/
.PHONY: calibrate
calibrate: $(STAMP)
	$(PY) -m sim.calibration.abc $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean-venv:
	rm -rf $(VENV)
