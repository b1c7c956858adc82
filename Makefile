# Deep Learning from Scratch: `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= workspace
PYTEST_ARGS ?=
# the virtualenv's scripts (jupyter, nbgrader, alembic) come first, without activating it
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: lab test install workspace update data references release bench lint clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

## Learners: set up, copy the release notebooks into workspace/ (never overwriting; it says when a
## notebook has a newer release), open JupyterLab. `make update` rebuilds those, keeping your work.
lab: $(STAMP)
	$(PY) -m autograder workspace $(WORKSPACE)
	cd $(WORKSPACE) && $(CURDIR)/$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,)

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

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf gradebook.db submitted autograded feedback .autograde .pytest_cache
