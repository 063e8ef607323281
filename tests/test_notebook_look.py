"""How the labs look: every figure has a title, labelled axes and a legend where it has several labelled things
to tell apart, and every cell that trains a model, or runs long, shows its progress.

Each lab, with its solutions filled in, runs in a kernel (nbclient) with tests/figure_facts.py recording what every
figure shown is made of. The browser tests check the rest of the look (every figure shows and is not blank, no
errors or log noise): tests/browser/test_student.py.
"""
import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from conftest import ASSIGNMENTS, COURSE
from course_utils.grading import notebooks, samples

FIGURE_FACTS = Path(__file__).with_name("figure_facts.py")
LABS = [assignment for assignment in ASSIGNMENTS if not assignment.startswith("quiz")]
# A cell that trains (calls fit) must print its progress as it goes, and so must any other cell that runs longer
# than this, but the setup cell (it imports TensorFlow: a few seconds, more on a busy machine, nothing to report).
LONG_CELL_SECONDS = 10.0
PERFECT_STUDENT = next(student for student in samples.SAMPLE_STUDENTS if student.solves == "all")


def figure_problems(facts):
    """What a figure described by tests/figure_facts.py lacks (empty when it lacks nothing)."""
    problems = []
    plots = [ax for ax in facts["axes"] if not ax["colorbar"]]
    if not facts["suptitle"] and not all(ax["title"] for ax in plots):
        problems.append("no title (neither a figure title nor one on every panel)")
    for number, ax in enumerate(facts["axes"], start=1):
        name = f"colour bar {number}" if ax["colorbar"] else f"panel {number} ({ax['title'] or 'untitled'})"
        if ax["colorbar"]:
            if not (ax["xlabel"] or ax["ylabel"]):
                problems.append(f"{name} does not say what its colours mean (no label)")
            continue
        if ax["x_ticks"] and not ax["xlabel"]:
            problems.append(f"{name}: the x axis has numbers but no label")
        if ax["y_ticks"] and not ax["ylabel"]:
            problems.append(f"{name}: the y axis has numbers but no label")
    has_legend = facts["figure_legends"] > 0 or any(ax["legend"] for ax in plots)
    crowded = [number for number, ax in enumerate(facts["axes"], start=1) if ax["labelled"] >= 2]
    if crowded and not has_legend:
        problems.append(f"panels {crowded} draw several labelled things but the figure has no legend")
    return problems


def seconds(cell):
    timing = cell.metadata.get("execution", {})
    if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
        return 0.0
    started, ended = (datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                      for key in ("iopub.execute_input", "shell.execute_reply"))
    return (ended - started).total_seconds()


@pytest.fixture(scope="module", params=LABS)
def executed_lab(request, tmp_path_factory):
    """The lab, solved, executed with the figure recorder; (assignment, executed notebook, figure facts)."""
    assignment = request.param
    nb = samples.make_submission(PERFECT_STUDENT, notebooks.read(COURSE.notebook("source", assignment)),
                                 notebooks.read(COURSE.notebook("release", assignment)))
    setup = next(index for index, cell in enumerate(nb.cells) if "setup_lab(" in cell.source)
    nb.cells.insert(setup + 1, new_code_cell(FIGURE_FACTS.read_text()))
    nb.cells.append(new_code_cell("import json\nprint(json.dumps(FIGURE_FACTS))"))
    folder = tmp_path_factory.mktemp(assignment)
    # The kernel shows figures as a student's does (inline), not with the Agg backend the tests set.
    kernel_env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute(env=kernel_env)
    facts = json.loads("".join(output.get("text", "") for output in nb.cells[-1].outputs))
    del nb.cells[setup + 1]
    return assignment, nb, facts


@pytest.mark.slow
def test_every_figure_has_a_title_axis_labels_and_a_legend_where_it_helps(executed_lab):
    assignment, _, facts = executed_lab
    assert facts, f"{assignment} shows no figure (the recorder saw none)"
    problems = [f"figure {number}: {problem}" for number, figure in enumerate(facts, start=1)
                for problem in figure_problems(figure)]
    assert not problems, f"{assignment}:\n" + "\n".join(problems)


def trains(cell):
    return ".fit(" in cell.source


@pytest.mark.slow
def test_training_and_other_long_cells_show_their_progress(executed_lab):
    assignment, nb, _ = executed_lab
    silent = [f"cell {index + 1} ({cell.source.splitlines()[0][:60]!r}) "
              + ("trains" if trains(cell) else f"runs {seconds(cell):.1f} s") + " and prints nothing"
              for index, cell in enumerate(nb.cells)
              if cell.cell_type == "code" and "setup_lab(" not in cell.source
              and (trains(cell) or seconds(cell) > LONG_CELL_SECONDS)
              and not any(output.get("output_type") == "stream" for output in cell.outputs)]
    assert not silent, f"{assignment}: long cells should print progress (e.g. course_utils.training.EpochProgress):\n" \
        + "\n".join(silent)


@pytest.mark.parametrize("facts, problem", [
    ({"suptitle": "", "figure_legends": 0,
      "axes": [{"title": "", "xlabel": "x", "ylabel": "y", "x_ticks": True, "y_ticks": True, "legend": False,
                "labelled": 0, "colorbar": False}]}, "no title"),
    ({"suptitle": "A", "figure_legends": 0,
      "axes": [{"title": "", "xlabel": "", "ylabel": "y", "x_ticks": True, "y_ticks": True, "legend": False,
                "labelled": 0, "colorbar": False}]}, "the x axis has numbers but no label"),
    ({"suptitle": "A", "figure_legends": 0,
      "axes": [{"title": "t", "xlabel": "x", "ylabel": "y", "x_ticks": True, "y_ticks": True, "legend": False,
                "labelled": 3, "colorbar": False}]}, "no legend"),
    ({"suptitle": "A", "figure_legends": 0,
      "axes": [{"title": "t", "xlabel": "x", "ylabel": "y", "x_ticks": True, "y_ticks": True, "legend": False,
                "labelled": 0, "colorbar": False},
               {"title": "", "xlabel": "", "ylabel": "", "x_ticks": False, "y_ticks": True, "legend": False,
                "labelled": 0, "colorbar": True}]}, "does not say what its colours mean"),
])
def test_figure_problems_names_what_is_missing(facts, problem):
    assert any(problem in found for found in figure_problems(facts))


def test_a_well_made_figure_has_no_problems():
    facts = {"suptitle": "", "figure_legends": 0,
             "axes": [{"title": "Loss", "xlabel": "epoch", "ylabel": "loss", "x_ticks": True, "y_ticks": True,
                       "legend": True, "labelled": 2, "colorbar": False},
                      {"title": "Shared axis", "xlabel": "", "ylabel": "", "x_ticks": False, "y_ticks": False,
                       "legend": False, "labelled": 2, "colorbar": False}]}
    assert figure_problems(facts) == []
