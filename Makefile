# The two commands (see README.md):
#   make        set up .venv, build the student versions, grade the sample submissions, print the grade table
#   make test   the whole test suite (what CI runs)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp names the hash of the pins: a leftover .venv is reused only when it was built from these pins.
PINS_HASH := $(shell cat pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.pins-$(PINS_HASH)
PYTEST_WORKERS ?= 2

.PHONY: course test venv clean-samples benchmark benchmark-grading mutation surprise-gap

course: $(STAMP)
	$(BIN)/python -m course_utils.grading course

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=10

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required (set PYTHON=/path/to/python3.11)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.pins-*
	@touch $@

benchmark: $(STAMP)
	$(BIN)/python -m course_utils.develop benchmark

# Class grading in every mode, side by side (100 students x 9 labs; hours on two cores: STUDENTS=8 for a short run).
STUDENTS ?= 100
benchmark-grading: $(STAMP)
	$(BIN)/python -m course_utils.develop benchmark-grading --students $(STUDENTS)

# Mutation testing of the labs' tests (about 5 minutes on two cores); writes tests/mutation/REPORT.md and results.json.
mutation: $(STAMP)
	$(BIN)/python -m course_utils.develop mutation

# The labs' typical wrong answers that pass every public check and lose points only when graded (a few minutes).
surprise-gap: $(STAMP)
	$(BIN)/python -m course_utils.develop surprise-gap

clean-samples: $(STAMP)
	$(BIN)/python -m course_utils.grading clean-samples
