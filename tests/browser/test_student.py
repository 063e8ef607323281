"""Every lab as a student meets it in JupyterLab: the release notebook (run all, stop at the first exercise) and the
same notebook with the solutions filled in (every plot shows and matches its baseline, every figure has a title, axis
labels and a legend where it helps, no errors); on one lab and one quiz the Validate button too (it lists the failing
tests of the release notebook, it passes the solved one). Screenshots of each lab's first plot go to the artifacts
folder."""
import json
import os
import re

import pytest

from conftest import ASSIGNMENTS, COURSE
from course_utils.grading import notebooks, samples
from course_utils.develop.answer_fixtures import LAB_TESTS, lab_files
from . import figure_facts, figures
from .conftest import clear_artifacts, failed, failure_picture, new_context, record_timing, start_lab
from .notebook_page import NotebookPage

FIGURES = "figures"  # the baselines of a lab's figures: tests/labs/<assignment>/figures/
UPDATE_BASELINES = os.environ.get("COURSE_UPDATE_BASELINES") == "1"
# The Validate button runs nbgrader's validator, which tests/test_source_validates.py runs on every source notebook (and
# that every release notebook fails every test is the blank sample's grade, tests/test_main_job.py); here it is
# pressed on one lab and one quiz, to prove the button and the list it shows.
VALIDATED_HERE = ("lab3_softmax", "quiz1_training")
UPDATE_COMMAND = "COURSE_UPDATE_BASELINES=1 .venv/bin/python -m pytest tests/browser -k {assignment}"
# Figures that differ on every run, so they can have no baseline (they are still checked for being blank).
UNSTABLE_FIGURES = "unstable_figures.yaml"  # in tests/labs/<assignment>/: {figure number: why it has no baseline}
# More lines than this in one cell's output is log noise, not something a student reads.
MAX_OUTPUT_LINES = 40
SOLVED = "solved"  # the folder of the notebooks with the solutions filled in, in the served course copy
PERFECT_STUDENT = next(student for student in samples.SAMPLE_STUDENTS if student.solves == "all")

pytestmark = pytest.mark.slow


def write_solved_notebooks(course):
    """Put each lab's release notebook with every answer filled in from source/ at solved/<lab>/<lab>.ipynb."""
    for assignment in ASSIGNMENTS:
        solved = samples.make_submission(PERFECT_STUDENT, notebooks.read(course.notebook("source", assignment)),
                                         notebooks.read(course.notebook("release", assignment)))
        notebooks.write(solved, course.root / SOLVED / assignment / f"{assignment}.ipynb")


@pytest.fixture(scope="session")
def student_lab(tmp_path_factory):
    """The server the student tests share (one per pytest worker: the labs are spread over the workers, and
    between them a worker may run other files)."""
    course, server = start_lab(tmp_path_factory, "student", ASSIGNMENTS, prepare=write_solved_notebooks)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab_page(browser, student_lab):
    """One JupyterLab page for the module's tests, as a student keeps JupyterLab open and opens lab after lab."""
    context = new_context(browser)
    yield NotebookPage(context.new_page(), student_lab).load()
    context.close()


@pytest.fixture
def open_notebook(lab_page, student_lab, request, artifacts):
    """Open a notebook of the served course; close it (and shut its kernel down) afterwards. A failing test leaves
    a screenshot of the page, and JupyterLab is loaded afresh for the next one."""
    picture = failure_picture(artifacts, request)
    opened = []

    def open_(path, nb):
        seconds = lab_page.open(path, cell_count=len(nb.cells))
        opened.append(path)
        return lab_page, seconds

    yield open_
    if not failed(request):
        try:
            if opened:
                lab_page.close_notebook()
            return
        except Exception:
            reset(lab_page, student_lab, picture)
            raise
    reset(lab_page, student_lab, picture)


def reset(lab_page, server, picture):
    """After a failure: keep a picture of the page, then a fresh JupyterLab and no kernel left running."""
    lab_page.page.screenshot(path=str(picture))
    lab_page.load()
    server.shut_down_kernels()


def has_math(markdown):
    """Whether markdown source has $ math outside code."""
    without_code = re.sub(r"```.*?```|`[^`]*`", "", markdown, flags=re.S)
    return "$" in without_code


def explanation_problems(nb, cells):
    """What is wrong with how the markdown cells show: unrendered cells, untypeset or broken math."""
    problems = []
    for index, (cell, shown) in enumerate(zip(nb.cells, cells)):
        if cell.cell_type != "markdown":
            continue
        where = f"markdown cell {index + 1} ({cell.source.splitlines()[0][:60]!r})"
        if not shown["rendered"]:
            problems.append(f"{where} is not rendered")
        elif has_math(cell.source):
            if shown["math"] == 0 or shown["mathErrors"] or "$" in shown["plainText"]:
                problems.append(f"{where}: its math is not typeset ({shown['math']} formulas, "
                                f"{shown['mathErrors']} errors, raw $ showing: {'$' in shown['plainText']})")
    return problems


def ran(shown):
    return re.fullmatch(r"\[\d+\]:", shown["prompt"]) is not None


def code_cells(nb, cells):
    return [(index, cell, shown) for index, (cell, shown) in enumerate(zip(nb.cells, cells))
            if cell.cell_type == "code"]


def check_page_matches(nb, cells):
    assert [shown["kind"] for shown in cells] == [cell.cell_type for cell in nb.cells], (
        "the page does not show the notebook's cells in order")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_notebook_stops_at_the_first_exercise_and_validate_lists_its_tests(open_notebook, artifacts,
                                                                                  assignment):
    nb = notebooks.read(COURSE.notebook("release", assignment))
    page, open_seconds = open_notebook(f"release/{assignment}/{assignment}.ipynb", nb)
    markdown = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "markdown"]
    cells = page.wait_for_rendering(markdown, [index for index in markdown if has_math(nb.cells[index].source)])
    check_page_matches(nb, cells)
    assert not explanation_problems(nb, cells), "\n".join(explanation_problems(nb, cells))

    run_seconds = page.run_all()
    cells = page.cells()
    # Run All stops at the first exercise: at its answer cell when that raises NotImplementedError itself, else at
    # its test cell, which calls the unanswered function.
    first_answer = next(index for index, cell in enumerate(nb.cells) if notebooks.is_answer(cell))
    first_test = next(index for index, cell in enumerate(nb.cells) if notebooks.is_test(cell))
    stopped = next((index for index, _, shown in code_cells(nb, cells) if shown["stderr"]), None)
    assert stopped is not None and first_answer <= stopped <= first_test, (
        f"Run All should stop at the first exercise (cells {first_answer + 1} to {first_test + 1}); "
        + ("no cell failed" if stopped is None else f"it stopped at cell {stopped + 1}: {cells[stopped]['stderr']}"))
    assert "NotImplementedError" in cells[stopped]["stderr"][0], (
        f"cell {stopped + 1} should fail with the 'not implemented' message; it showed {cells[stopped]['stderr']}")
    for index, cell, shown in code_cells(nb, cells):
        where = f"code cell {index + 1} ({cell.source.splitlines()[0][:60]!r})"
        if index < stopped:
            assert ran(shown), f"{where}, before the first exercise's error, did not run: prompt {shown['prompt']}"
        elif index > stopped:
            assert shown["prompt"] == "[ ]:", f"{where} ran after the unanswered exercise: {shown['prompt']}"

    if assignment not in VALIDATED_HERE:
        record_timing(artifacts, assignment, "release", open=open_seconds, run_all=run_seconds)
        return
    validation, validate_seconds = page.validate()
    record_timing(artifacts, assignment, "release", open=open_seconds, run_all=run_seconds, validate=validate_seconds)
    assert not validation.success, f"Validate passed the blank notebook:\n{validation.text}"
    expected = [cell.source.strip() for cell in nb.cells if notebooks.is_test(cell)]
    listed = [source.strip() for source in validation.failed_sources]
    assert listed == expected, (
        f"Validate should list every test cell ({len(expected)}) as failed; it listed {len(listed)}:\n"
        f"{validation.text[:3000]}")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solved_notebook_shows_every_plot_and_validates(open_notebook, student_lab, artifacts, assignment):
    clear_artifacts(artifacts, assignment)
    nb = notebooks.read(COURSE.notebook("release", assignment))
    facts_file = student_lab.root / SOLVED / assignment / figure_facts.FACTS_FILE
    facts_file.unlink(missing_ok=True)
    page, open_seconds = open_notebook(f"{SOLVED}/{assignment}/{assignment}.ipynb", nb)
    run_seconds = page.run_all()
    cells = page.cells()
    check_page_matches(nb, cells)

    problems = []
    for index, cell, shown in code_cells(nb, cells):
        where = f"code cell {index + 1} ({cell.source.splitlines()[0][:60]!r})"
        if not ran(shown):
            problems.append(f"{where} did not run (prompt {shown['prompt']})")
        if shown["stderr"]:
            problems.append(f"{where} wrote to stderr or failed: {shown['stderr'][0][-1500:]}")
        if shown["text"].count("\n") > MAX_OUTPUT_LINES:
            problems.append(f"{where} prints {shown['text'].count(chr(10))} lines (at most {MAX_OUTPUT_LINES})")
        if "plt.show()" in cell.source and not shown["images"]:
            problems.append(f"{where} calls plt.show() but shows no figure")
        problems += [f"{where}: a figure did not load" for image in shown["images"] if not image["loaded"]]
    images = [image for _, _, shown in code_cells(nb, cells) for image in shown["images"]]
    for number, image in enumerate(images, start=1):  # every figure as shown, to look at (and before new baselines)
        (artifacts / f"{assignment}-figure-{number}.png").write_bytes(figures.png_bytes(image["src"]))
    problems += figure_problems(assignment, images)
    # What each figure is made of, recorded in the kernel as plt.show() showed it (figure_facts.py).
    facts = [json.loads(line) for line in facts_file.read_text().splitlines()] if facts_file.exists() else []
    if not facts and not assignment.startswith("quiz"):
        problems.append("the lab shows no figure through plt.show() (the kernel's recorder saw none)")
    problems += [f"figure {number}: {lack}" for number, figure in enumerate(facts, start=1)
                 for lack in figures.lacks(figure)]
    if images:
        screenshot = artifacts / f"{assignment}-first-plot.png"
        reason = figures.blank_reason(figures.decode_png(page.element_screenshot(0, screenshot)))
        if reason:
            problems.append(f"the screenshot of the first plot ({screenshot}) is blank: {reason}")
    assert not problems, f"{assignment} with the solutions filled in:\n" + "\n".join(problems)

    if assignment not in VALIDATED_HERE:
        record_timing(artifacts, assignment, "solved", open=open_seconds, run_all=run_seconds)
        return
    validation, validate_seconds = page.validate()
    record_timing(artifacts, assignment, "solved", open=open_seconds, run_all=run_seconds, validate=validate_seconds)
    assert validation.success, f"Validate should pass the solved notebook; it said:\n{validation.text[:3000]}"


def figure_problems(assignment, images):
    """Blank figures, and figures that differ from their baselines (or, with COURSE_UPDATE_BASELINES=1, none:
    the baselines are rewritten from these figures)."""
    folder = COURSE.root / LAB_TESTS / assignment / FIGURES
    if UPDATE_BASELINES:
        if os.environ.get("CI", "").lower() == "true":
            return ["COURSE_UPDATE_BASELINES=1 is refused in CI: baselines are updated by hand, after looking at the "
                    "screenshots, and committed"]
        for stale in folder.glob("figure-*.png"):
            stale.unlink()
    problems = []
    baselines = sorted(folder.glob("figure-*.png"), key=lambda path: int(path.stem.split("-")[1]))
    unstable = lab_files(COURSE.root, UNSTABLE_FIGURES).get(assignment, {})
    stable = [number for number in range(1, len(images) + 1) if number not in unstable]
    if not UPDATE_BASELINES and len(baselines) != len(stable):
        problems.append(f"the notebook shows {len(images)} figures ({len(stable)} of them to compare with a baseline); "
                        f"tests/labs/{assignment}/figures/ has {len(baselines)} (a figure is missing or new; "
                        f"after checking the screenshots, update them: {UPDATE_COMMAND.format(assignment=assignment)})")
    for number, image in enumerate(images, start=1):
        rgb = figures.decode_png(image["src"])
        reason = figures.blank_reason(rgb)
        if reason:
            problems.append(f"figure {number} is blank: {reason}")
        if number not in stable:
            continue
        path = folder / f"figure-{number}.png"
        if UPDATE_BASELINES:
            figures.write_thumbnail(path, figures.thumbnail(rgb))
        elif path.exists():
            difference = figures.baseline_difference(rgb, figures.read_thumbnail(path))
            if difference > figures.BASELINE_TOLERANCE:
                problems.append(f"figure {number} differs from its baseline {path.relative_to(COURSE.root)}: "
                                f"{difference:.1%} of its inked area changed (tolerance "
                                f"{figures.BASELINE_TOLERANCE:.0%}); if the change is intended, "
                                f"{UPDATE_COMMAND.format(assignment=assignment)}")
    return problems
