# Deep Learning from Scratch: `make lab` to study, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= workspace
PYTEST_ARGS ?=
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

lint: $(STAMP)
	$(PY) -m ruff check .

clean:
	rm -rf gradebook.db submitted autograded feedback .autograde .pytest_cache
