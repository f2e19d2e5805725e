# One place to set up, run, test and benchmark. Every target creates .venv when missing.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed
DEVSTAMP = $(VENV)/.installed-dev

EXPERIMENT ?= policy_comparison
SWEEP      ?= latest

.PHONY: venv run sweep report test bench lint baseline clean-venv

# The pinned dependency set of this Python (pip freeze of a working venv): the exact
# per-seed baseline holds under it (numpy's SIMD paths may change last bits between
# releases). pip applies it on top of any constraints in the machine's pip config.
PYVER     := $(shell $(PYTHON) -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')
LOCK      ?= constraints-py$(PYVER).txt

# The lean install (running, sweeps, reports) and, for tests and benchmarks, the dev
# extras (pytest, Ray for the cluster test, nbclient, Playwright...), both under the lock.
# Each step says what it does; pip lists the packages as it goes.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || { echo "[make venv] creating $(VENV) with $$($(PYTHON) --version)"; \
	  $(PYTHON) -m venv $(VENV); }
	@echo "[make venv] upgrading pip"
	@$(PY) -m pip install --quiet --upgrade pip
	@echo "[make venv] installing the model and its dependencies into $(VENV) (lean: no \
	cluster launchers; about 1-3 minutes from local wheels)"
	@$(PY) -m pip install --progress-bar on -c $(LOCK) -e . | grep -E '^(Collecting|Successfully)' \
	  | sed -u 's/^/[make venv]   /'; test $${PIPESTATUS[0]} -eq 0
	@touch $(STAMP)
	@echo "[make venv] done: $(VENV) is ready"

$(DEVSTAMP): $(STAMP)
	@echo "[make venv] installing the test and development extras ('.[dev]': pytest, Ray, \
	nbclient, Playwright, ...)"
	@$(PY) -m pip install --progress-bar on -c $(LOCK) -e '.[dev]' | grep -E '^(Collecting|Successfully)' \
	  | sed -u 's/^/[make venv]   /'; test $${PIPESTATUS[0]} -eq 0
	@touch $(DEVSTAMP)
	@echo "[make venv] done: development extras installed"

venv: $(DEVSTAMP)

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
test: $(DEVSTAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

## make bench  -- speed (build + whole run, both engines) and memory at 10^4, 10^5 and 10^6
## firms, a worker's memory and CPU-s per replicate, and a full-scale sweep's throughput
bench: $(DEVSTAMP)
	$(PY) benchmarks/bench_model.py $(ARGS)

## make bench-sweep  -- only the full-scale sweep: s per replicate per core, 1,000 runs on 2 cores
.PHONY: bench-sweep
bench-sweep: $(DEVSTAMP)
	$(PY) benchmarks/bench_model.py --sweep-only $(ARGS)

## make baseline  -- refresh the committed draft-scenario baseline, both tiers (tests/baseline/)
baseline: $(DEVSTAMP)
	$(PY) scripts/refresh_baseline.py

## make calibration ARGS="policy=none run.replicates=5"  -- the 2020 starting state against
## zhejiang-facts.md (default: draft, 3 seeds); writes results/calibration/<date-time>/
.PHONY: calibration
calibration: $(STAMP)
	$(PY) -m sim.calibration $(ARGS)

## make calibrate ARGS="--setting full --install"  -- ABC-SMC of the dynamics against the
## 2017–2020 series (default: the small CI setting); writes results/calibrate/<date-time>/
.PHONY: calibrate
CALSTAMP = $(VENV)/.installed-calibrate
$(CALSTAMP): $(STAMP)
	@echo "[make venv] installing the calibration extra ('.[calibrate]': pyabc)"
	@$(PY) -m pip install --quiet -c $(LOCK) -e '.[calibrate]'
	@touch $(CALSTAMP)

calibrate: $(CALSTAMP)
	$(PY) -m sim.calibration.abc $(ARGS)

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check .

clean-venv:
	rm -rf $(VENV)

## make explore ARGS="--port 8765 --host 0.0.0.0"  -- the explorer in a browser (What if,
## saved sweeps, step through one run); Chinese by default, works offline
.PHONY: explore
explore: $(STAMP)
	$(PY) -m sim.explore $(ARGS)
