"""Reading nbgrader notebooks: which cells are answers and tests, and how they group into exercises."""
import copy
import re
from dataclasses import dataclass

import nbformat

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def read(path):
    return nbformat.read(path, as_version=4)


def copy_of(nb):
    return copy.deepcopy(nb)


def write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell):
    """An autograded answer: a code cell the student writes in."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def is_test(cell):
    """A graded test cell (code, not written by the student)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def grade_id(cell):
    return nbgrader_meta(cell).get("grade_id")


@dataclass(frozen=True)
class Exercise:
    """Answer cells and the test cells that follow them, up to the next answer cell."""

    answer_ids: tuple
    test_ids: tuple
    points: float


def exercises(nb):
    """The notebook's exercises in order."""
    groups = []
    for cell in nb.cells:
        if is_answer(cell):
            if not groups or groups[-1]["tests"]:
                groups.append({"answers": [], "tests": [], "points": 0.0})
            groups[-1]["answers"].append(grade_id(cell))
        elif is_test(cell) and groups:
            groups[-1]["tests"].append(grade_id(cell))
            groups[-1]["points"] += float(nbgrader_meta(cell).get("points", 0))
    return [Exercise(tuple(g["answers"]), tuple(g["tests"]), g["points"]) for g in groups]


def total_points(nb):
    return sum(float(nbgrader_meta(c).get("points", 0)) for c in nb.cells if nbgrader_meta(c).get("grade", False))


def without_markers(source, begin, end):
    """The source with the marker lines removed and the region between them kept."""
    return "\n".join(line for line in source.split("\n") if begin not in line and end not in line)


def solution_lines(source):
    """The code lines inside a cell's solution regions (stripped, non-empty)."""
    return _region_lines(source, BEGIN_SOLUTION, END_SOLUTION)


def hidden_test_lines(source):
    """The lines inside a cell's hidden-test regions (stripped, non-empty)."""
    return _region_lines(source, BEGIN_HIDDEN, END_HIDDEN)


def private_lines(nb, extract):
    """Lines that ``extract`` (solution_lines or hidden_test_lines) finds in the notebook and that no public part of
    it shows too: the lines whose appearance elsewhere would give an answer or a hidden test away."""
    region = {line for cell in nb.cells for line in extract(cell.source)}
    shown = {line for cell in nb.cells for line in public_lines(cell.source)}
    shown |= {_as_rendered(line) for cell in nb.cells if cell.cell_type == "markdown"
              for line in public_lines(cell.source)}
    return {line for line in region - shown if len(line) > 3}


def _as_rendered(line):
    """A markdown line roughly as the page shows it: without its list marker and inline-code backticks (the
    instructions may spell out a line of the solution, e.g. the exact ``model.fit`` call to make)."""
    return re.sub(r"^(?:[*+-]|\d+\.)\s+", "", line).replace("`", "").strip()


def public_lines(source):
    """The lines outside a cell's solution and hidden-test regions (stripped, non-empty, markers excluded)."""
    lines, in_solution, in_hidden = [], False, False
    for line in source.split("\n"):
        if BEGIN_SOLUTION in line:
            in_solution = True
        elif END_SOLUTION in line:
            in_solution = False
        elif BEGIN_HIDDEN in line:
            in_hidden = True
        elif END_HIDDEN in line:
            in_hidden = False
        elif not (in_solution or in_hidden) and line.strip():
            lines.append(line.strip())
    return lines


def _region_lines(source, begin, end):
    lines, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines
