"""Grading in process (course_utils/develop/in_process.py): the perfect submission passes, an answer that ends the
process or does not parse loses its points, one right only on the public checks' inputs passes them and loses its
points, a run starts where the object it trains was made. (That it gives the results a real `nbgrader autograde`
gives is tested on a sample in test_answer_fixtures.py.)
"""
from conftest import REPO_ROOT
from course_utils.develop import in_process
from course_utils.grading import notebooks
from course_utils.grading.samples import PERFECT


def test_a_variant_that_ends_the_process_loses_its_points():
    """An answer that ends the worker process is graded as a kernel that died: its exercise's tests fail, the others
    are graded by a fresh worker. An answer that does not parse fails its exercise's tests too."""
    lab = "lab3_softmax"
    variants = [in_process.Variant("exits", "ex1_my_softmax", "import os\nos._exit(3)"),
                in_process.Variant("unparsable", "ex2_stable_softmax", "def stable_softmax(z:\n    return z\n"),
                in_process.Variant("right", "ex3_cross_entropy", (
                    "def cross_entropy(logits, y):\n"
                    "    shifted = logits - np.max(logits, axis=1, keepdims=True)\n"
                    "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))\n"
                    "    return float(-np.mean(log_p[np.arange(len(y)), y]))\n")),
                in_process.Variant("public_only", "ex1_my_softmax", (  # right for the public tests' lengths only
                    "def my_softmax(z):\n"
                    "    return np.exp(z) / np.sum(np.exp(z)) if len(z) in (3, 4) else np.full(len(z), 1 / len(z))\n"))]
    results = in_process.grade_variants(REPO_ROOT / "source" / lab / f"{lab}.ipynb",
                                        REPO_ROOT / "release" / lab / f"{lab}.ipynb", variants)
    assert results["exits"] == {"ex1_tests": (False, "the process running this answer ended (exit code 3)", None)}
    assert results["right"] == {"ex3_tests": (True, "", True)}
    unparsable = results["unparsable"]["ex2_tests"]
    assert not unparsable.passed and "NameError" in unparsable.message and unparsable.public_passed is False
    public_only = results["public_only"]["ex1_tests"]
    assert (public_only.passed, public_only.public_passed) == (False, True), public_only


def test_a_run_starts_where_the_object_an_answer_trains_was_made():
    cells = ["import keras\nX, y = 1, 2", "model = keras.Sequential()", "print(model)", "model.fit(X, y)"]
    assert in_process.first_cell(cells, 3, ["model.fit(X, y)"]) == 1  # not the import cell, nor X's
    assert in_process.first_cell(cells, 3, ["model = keras.Sequential()\nmodel.fit(X, y)"]) == 3  # its own model
    assert in_process.first_cell(cells, 2, ["def f(model):\n    return model.predict(X)"]) == 2  # only when called


def test_the_perfect_submission_runs_to_the_end_and_passes():
    lab_name = "lab3_softmax"
    source = notebooks.read(REPO_ROOT / "source" / lab_name / f"{lab_name}.ipynb")
    lab = in_process.Lab(source, notebooks.read(REPO_ROOT / "release" / lab_name / f"{lab_name}.ipynb"), PERFECT, 120)
    results = lab.run()
    assert list(results) == [notebooks.grade_id(cell) for cell in source.cells if notebooks.is_test(cell)]
    assert all(result.passed and result.public_passed for result in results.values()), results
