# Deep Learning from Scratch: `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= workspace
PYTEST_ARGS ?=
# The same arithmetic on every x86-64 machine: the stored references and the numbers the
# notebooks' stories test were computed with OpenBLAS's Haswell (AVX2) kernels and NumPy's
# AVX2 loops. On a processor with AVX-512 both would otherwise switch to kernels that round
# differently (by about 1e-7 in float32), enough to make a reference look stale or to move a
# training run. So the AVX-512 paths are turned off (only those this machine has: NumPy
# warns about the others). Tests, notebook kernels, nbgrader and the lab inherit these.
ifneq ($(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo yes),)
export OPENBLAS_CORETYPE ?= Haswell
endif
export NPY_DISABLE_CPU_FEATURES ?= $(shell test -x $(PY) && $(PY) -c "from numpy._core._multiarray_umath import __cpu_features__ as f; print(' '.join(k for k in ('X86_V4', 'AVX512_ICL', 'AVX512_SPR') if f.get(k)))" 2>/dev/null)
# the virtualenv's scripts (jupyter, nbgrader, alembic) come first, without activating it
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: lab instructor-lab progress test install workspace update data references release bench lint clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

## Learners: set up, copy the release notebooks into workspace/ (never overwriting; it says when a
## notebook has a newer release), open the learner's JupyterLab (settings in workspace/.jupyter:
## no instructor tools, no news). `make update` rebuilds those notebooks, keeping your work;
## `make progress` shows your latest grade in every assignment.
lab: $(STAMP)
	$(PY) -m autograder workspace $(WORKSPACE)
	$(PY) -m autograder lab $(WORKSPACE)

progress: $(STAMP)
	$(PY) -m autograder progress $(WORKSPACE)

## Instructors: JupyterLab in the course root with every nbgrader tool (formgrader, Create Assignment).
instructor-lab: $(STAMP)
	$(PY) -m autograder lab --instructor

workspace: $(STAMP)
	$(PY) -m autograder workspace $(WORKSPACE)

update: $(STAMP)
	$(PY) -m autograder workspace $(WORKSPACE) --update

## Maintainers: the whole test suite (the command CI runs).
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## Regenerate what is generated: data files, reference cases, release notebooks.
data: $(STAMP)
	$(PY) -m helpers.build_data

references: $(STAMP)
	$(PY) -m autograder build

release: $(STAMP)
	$(PY) -m autograder release

bench: $(STAMP)
	$(PY) benchmarks/notebooks.py
	$(PY) benchmarks/class_grading.py
	$(PY) benchmarks/detector.py
	$(PY) benchmarks/training_steps.py

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf gradebook.db submitted autograded feedback .autograde .pytest_cache
