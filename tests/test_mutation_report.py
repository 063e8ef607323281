"""Mutation testing (course_utils/develop/mutation.py): the operators on small code strings, and the committed report
(tests/mutation/results.json, REPORT.md) is up to date, meets the target and justifies every survivor.

The report itself is made by `make mutation` (about 5 minutes); these tests only read it.
"""
import ast
import json

import pytest

from conftest import COURSE, REPO_ROOT
from course_utils.develop import mutation
from course_utils.grading import notebooks

RESULTS = REPO_ROOT / mutation.REPORT_DIR / "results.json"
REPORT = REPO_ROOT / mutation.REPORT_DIR / "REPORT.md"


def solution(body, before="def f(a, b, z):\n", after="    return None\n"):
    """A cell with ``body`` (indented by four spaces) as its solution region."""
    indented = "".join(f"    {line}\n" for line in body.split("\n"))
    return f"{before}    ### BEGIN SOLUTION\n{indented}    ### END SOLUTION\n{after}"


def mutated_lines(source):
    return [(mutant.operator, mutant.mutated) for mutant in mutation.mutants_of_cell(source)]


# ------------------------------------------------------------------------------------------------ operators

# (a solution's lines, an operator, a mutant that operator must make of them)
MUTANTS = [
    ("return a - b", "arithmetic", "return (a + b)"),
    ("return a - b", "operands", "return (b - a)"),
    ("return a @ b", "arithmetic", "return (a * b)"),
    ("return a @ b", "operands", "return (b @ a)"),
    ("return z >= 0", "compare_boundary", "return (z > 0)"),
    ("return z >= 0", "compare_negate", "return (z < 0)"),
    ("return a == b", "compare_negate", "return (a != b)"),
    ("return -a", "unary", "return a"),
    ("return np.argmax(z, axis=1) + z.sum() + np.exp(a)", "function",
     "return np.argmin(z, axis=1) + z.sum() + np.exp(a)"),
    ("return np.argmax(z, axis=1) + z.sum() + np.exp(a)", "function",
     "return np.argmax(z, axis=1) + z.mean() + np.exp(a)"),
    ("return np.argmax(z, axis=1) + z.sum() + np.exp(a)", "function",
     "return np.argmax(z, axis=1) + z.sum() + np.log(a)"),
    ("return tf.nn.softmax(z)", "function", "return tf.nn.sigmoid(z)"),
    ("return np.max(z, axis=-1, keepdims=True)", "axis", "return np.max(z, axis=0, keepdims=True)"),
    ("return np.max(z, axis=-1, keepdims=True)", "axis_drop", "return np.max(z, keepdims=True)"),
    ("return np.max(z, axis=-1, keepdims=True)", "keepdims", "return np.max(z, axis=-1, keepdims=False)"),
    ("return np.sum(z, axis=0)", "axis", "return np.sum(z, axis=1)"),
    ('layer = keras.layers.Dense(4, activation="relu")', "activation",
     "layer = keras.layers.Dense(4, activation='linear')"),
    ('layer = keras.layers.Dense(4, activation="relu")', "activation",
     "layer = keras.layers.Dense(4, activation='sigmoid')"),
    ("loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)", "from_logits",
     "loss = keras.losses.SparseCategoricalCrossentropy(from_logits=False)"),
    ("loss = keras.losses.BinaryCrossentropy()", "from_logits",
     "loss = keras.losses.BinaryCrossentropy(from_logits=True)"),
    ('loss = "mse"', "loss_name", "loss = 'binary_crossentropy'"),
    ("c = a * b\nreturn c, a", "drop", "pass"),
    ("c = a * b\nreturn c, a", "return_value", "return (a, c)"),
    ("return c", "return_value", "return -c"),
]


@pytest.mark.parametrize("lines, operator, mutant", MUTANTS)
def test_each_operator_makes_its_mutants(lines, operator, mutant):
    assert (operator, mutant) in mutated_lines(solution(lines))


def test_commutative_operands_are_not_swapped():
    assert ("operands", "return (b + a)") not in mutated_lines(solution("return a + b"))


def test_operator_precedence_is_kept_by_parentheses():
    (mutant,) = [m for m in mutation.mutants_of_cell(solution("return a / b ** 2")) if m.operator == "arithmetic"
                 and "**" not in m.mutated]
    assert mutant.mutated == "return a / (b * 2)"


@pytest.mark.parametrize("literal, mutated", [("0", "1"), ("1", "0"), ("16", "17"), ("0.01", "0.02"),
                                              ("0.0", "1.0"), ("True", "False")])
def test_constants(literal, mutated):
    assert f"x = {mutated}" in [m.mutated for m in mutation.mutants_of_cell(solution(f"x = {literal}"))]


def test_an_axis_is_mutated_as_a_whole():
    got = mutated_lines(solution("return np.max(z, axis=-1, keepdims=True)"))
    assert not any(operator in ("constant", "unary") for operator, _ in got)


def test_cosmetic_arguments_are_left_alone():
    source = solution('model.fit(X, y, epochs=5, verbose=0, callbacks=[Progress(every=2, name="m")])')
    mutated = [m.mutated for m in mutation.mutants_of_cell(source)]
    assert "model.fit(X, y, epochs=6, verbose=0, callbacks=[Progress(every=2, name=\"m\")])" in mutated
    assert not any("verbose=1" in line or "every=3" in line for line in mutated)


def test_only_the_solution_region_is_mutated():
    source = solution("return a + 1", before="def f(a, b, z):\n    a = a * 2 - 1\n", after="    return z - 3\n")
    mutants = mutation.mutants_of_cell(source)
    assert mutants
    for mutant in mutants:
        outside = [line for line in mutant.source.split("\n") if "a * 2 - 1" in line or "return z - 3" in line]
        assert len(outside) == 2, mutant


def test_mutants_parse_differ_and_are_numbered_in_order():
    source = solution("shifted = z - np.max(z, axis=-1, keepdims=True)\nreturn np.exp(shifted) / 2.0")
    mutants = mutation.mutants_of_cell(source, "lab", "ex1")
    dumps = [ast.dump(ast.parse(mutant.source)) for mutant in mutants]
    assert ast.dump(ast.parse(source)) not in dumps
    assert len(set(dumps)) == len(dumps)
    assert [mutant.number for mutant in mutants] == list(range(1, len(mutants) + 1))
    assert mutants[0].id == f"ex1:1:{mutants[0].operator}" and mutants[0].key.startswith("lab/ex1:1:")
    assert [m.id for m in mutation.mutants_of_cell(source, "lab", "ex1")] == [m.id for m in mutants]  # stable


def test_every_lab_has_mutants_and_the_quizzes_none(course):
    assert mutation.labs(course) == [name for name in course.assignments() if not name.startswith("quiz")]
    for lab in mutation.labs(course):
        assert mutation.lab_mutants(notebooks.read(course.notebook("source", lab)), lab), lab


# ------------------------------------------------------------------------------------------------ the report

@pytest.fixture(scope="module")
def document():
    assert RESULTS.is_file(), f"no {RESULTS.relative_to(REPO_ROOT)}: run `make mutation`"
    return json.loads(RESULTS.read_text())


def test_the_report_covers_every_lab(course, document):
    assert list(document["labs"]) == mutation.labs(course)


@pytest.mark.parametrize("lab", mutation.labs(COURSE))
def test_the_report_is_up_to_date(course, document, lab):
    assert lab in document["labs"], f"{lab} is not in the mutation report: run `make mutation` (or --lab {lab})"
    recorded = document["labs"][lab]
    assert recorded["fingerprint"] == mutation.fingerprint(course, lab), (
        f"{lab}: its answer or test cells, course_utils/checks.py or a course_utils module they import (reference/ "
        f"included) changed since the mutation report was made: rerun "
        f"`python -m course_utils.develop mutation --lab {lab}`")
    mutants = mutation.lab_mutants(notebooks.read(course.notebook("source", lab)), lab)
    if recorded.get("capped_at"):
        mutants = mutants[:recorded["capped_at"]]
    assert [(m["id"], m["mutated"]) for m in recorded["mutants"]] == [(m.id, m.mutated) for m in mutants], (
        f"{lab}: the list of mutants changed (mutation operators or solutions): rerun the mutation run for it")


def test_every_lab_kills_enough_mutants(document):
    low = {lab: f"{killed}/{total}" for lab, (total, killed, share) in
           ((lab, mutation.summary(entry)) for lab, entry in document["labs"].items()) if share < mutation.TARGET}
    assert not low, f"labs below {mutation.TARGET:.0%} killed: {low}"


def test_every_survivor_is_justified_and_every_justification_used(document):
    survivors = {f"{lab}/{m['id']}": m["mutated"] for lab, entry in document["labs"].items()
                 for m in entry["mutants"] if m["status"] == "survived"}
    equivalent = mutation.equivalent_mutants(REPO_ROOT)
    unjustified = sorted(set(survivors) - set(equivalent))
    assert not unjustified, "survivors without a justification in their lab's equivalent_mutants.yaml (kill them " \
                            "with a hidden " \
                            "test, or explain why they are equivalent):\n" + "\n".join(
                                f"{key}: {survivors[key]}" for key in unjustified)
    unused = sorted(set(equivalent) - set(survivors))
    assert not unused, f"equivalent_mutants.yaml names mutants that no longer survive: {unused}"
    wrong_line = [key for key, (line, _) in equivalent.items() if survivors[key] != line]
    assert not wrong_line, f"equivalent_mutants.yaml entries whose mutated line is not the survivor's: {wrong_line}"
    assert all(reason.strip() for _, reason in equivalent.values())


def test_report_md_matches_the_results(document):
    assert REPORT.read_text() == mutation.render_report(document, mutation.equivalent_mutants(REPO_ROOT)), (
        "REPORT.md differs from results.json: run `python -m course_utils.develop mutation --report-only`")
