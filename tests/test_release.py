"""release/ is exactly what nbgrader generates from source/, and gives away no solution or hidden test."""
import pytest

from conftest import ASSIGNMENTS, COURSE, REPO_ROOT, scratch_course
from course_utils.grading import notebooks

REFERENCE_DIR = REPO_ROOT / "course_utils" / "reference"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """A temp course whose release/ nbgrader has just generated from the committed source/."""
    course = scratch_course(tmp_path_factory.mktemp("regenerated"), parts=("source", "nbgrader_config.py"))
    generated = course.nbgrader("generate_assignment", "*", "--force")
    assert generated.returncode == 0, (generated.stdout + generated.stderr)[-3000:]
    return course


def release_files(root):
    return sorted(p.relative_to(root) for p in (root / "release").rglob("*") if p.is_file())


def test_release_has_the_same_files_as_generated(regenerated):
    assert release_files(REPO_ROOT) == release_files(regenerated.root), (
        "release/ is out of date: run `make` (it regenerates release/) and commit the result")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_notebook_matches_generated(regenerated, assignment):
    committed = notebooks.read(COURSE.notebook("release", assignment))
    generated = notebooks.read(regenerated.notebook("release", assignment))
    assert [c.cell_type for c in committed.cells] == [c.cell_type for c in generated.cells]
    for index, (ours, fresh) in enumerate(zip(committed.cells, generated.cells)):
        where = f"release/{assignment}: cell {index} ({notebooks.grade_id(fresh) or 'ungraded'})"
        assert ours.source == fresh.source, f"{where}: source differs from what generate_assignment makes"
        assert notebooks.nbgrader_meta(ours) == notebooks.nbgrader_meta(fresh), f"{where}: nbgrader metadata differs"
    assert committed == generated, f"release/{assignment}: notebook metadata differs from the generated one"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_gives_away_no_solution_or_hidden_test(assignment):
    source_nb = notebooks.read(COURSE.notebook("source", assignment))
    release_text = "\n".join(cell.source for cell in notebooks.read(COURSE.notebook("release", assignment)).cells)
    release_lines = {line.strip() for line in release_text.split("\n")}
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in release_text
    leaked_solutions = notebooks.private_lines(source_nb, notebooks.solution_lines) & release_lines
    assert not leaked_solutions, f"solution lines in release/{assignment}: {sorted(leaked_solutions)}"
    leaked_tests = notebooks.private_lines(source_nb, notebooks.hidden_test_lines) & release_lines
    assert not leaked_tests, f"hidden test lines in release/{assignment}: {sorted(leaked_tests)}"
    assert "course_utils.reference" not in release_text and "course_utils.grading" not in release_text


def test_release_contains_no_reference_code():
    # Signatures and code the labs show students anyway (public parts of the source notebooks) are shared with the
    # references on purpose; every other reference line must stay out of release/.
    shown = {line for assignment in ASSIGNMENTS
             for cell in notebooks.read(COURSE.notebook("source", assignment)).cells
             for line in notebooks.public_lines(cell.source)}
    reference_lines = {line.strip() for path in REFERENCE_DIR.rglob("*.py") for line in path.read_text().split("\n")
                       if len(line.strip()) > 25 and not line.strip().startswith(("#", '"""', "def "))} - shown
    assert reference_lines, "found no reference code to look for"
    leaks = {}
    for path in (REPO_ROOT / "release").rglob("*.ipynb"):
        release_lines = {line.strip() for cell in notebooks.read(path).cells for line in cell.source.split("\n")}
        if reference_lines & release_lines:
            leaks[str(path.relative_to(REPO_ROOT))] = sorted(reference_lines & release_lines)
    assert not leaks, f"release/ contains reference code: {leaks}"
