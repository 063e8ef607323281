"""Each lab's hidden checks live with the lab: every test cell's hidden region is one call of a ``check_*`` function
of the lab's own instructor module, course_utils/reference/<assignment>.py, and every such function is called
(docs/contributors.md, "Where a lab lives")."""
import ast
import importlib

import pytest

from conftest import ASSIGNMENTS, COURSE
from course_utils.grading import hidden, notebooks

LABS = [assignment for assignment in ASSIGNMENTS if not assignment.startswith("quiz")]


def hidden_regions(assignment):
    """{test cell grade_id: its hidden region's source} of the lab's source notebook (cells that have one)."""
    source_nb = notebooks.read(COURSE.notebook("source", assignment))
    regions = {notebooks.grade_id(cell): hidden.split(cell.source)[1] for cell in source_nb.cells
               if notebooks.is_test(cell)}
    return {cell: region for cell, region in regions.items() if region.strip()}


def checks_called(region, assignment):
    """The names of the lab module's functions the region calls; fails unless it imports only that module (as
    ``_lab``) and makes exactly one such call, besides ``try`` blocks that fetch an optional name."""
    calls, problems = [], []
    for statement in ast.parse(region).body:
        if isinstance(statement, ast.ImportFrom):
            if statement.module != "course_utils.reference" or [(a.name, a.asname) for a in statement.names] != [
                    (assignment, "_lab")]:
                problems.append(f"imports {ast.unparse(statement)!r}")
        elif (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
              and isinstance(statement.value.func, ast.Attribute) and ast.unparse(statement.value.func.value) == "_lab"
              and statement.value.func.attr.startswith("check_")):
            calls.append(statement.value.func.attr)
        else:
            problems.append(f"holds {ast.unparse(statement)[:80]!r}")
    if len(calls) != 1:
        problems.append(f"makes {len(calls)} calls of the lab module's checks")
    return calls, problems


@pytest.mark.parametrize("assignment", LABS)
def test_every_hidden_region_is_one_call_of_its_labs_checks(assignment):
    problems = []
    for cell, region in hidden_regions(assignment).items():
        problems += [f"{cell}: {problem}" for problem in checks_called(region, assignment)[1]]
    assert not problems, f"{assignment}'s hidden regions should each be one `_lab.check_...(...)` call of " \
                         f"course_utils.reference.{assignment}:\n" + "\n".join(problems)


@pytest.mark.parametrize("assignment", LABS)
def test_every_check_of_the_lab_module_is_called(assignment):
    module = importlib.import_module(f"course_utils.reference.{assignment}")
    defined = {name for name, value in vars(module).items()
               if name.startswith("check_") and callable(value) and value.__module__ == module.__name__}
    called = {name for region in hidden_regions(assignment).values() for name in checks_called(region, assignment)[0]}
    assert defined and called == defined, f"called but not defined: {sorted(called - defined)}; defined but never " \
                                          f"called: {sorted(defined - called)}"
