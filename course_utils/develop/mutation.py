"""Mutation testing of the labs' tests: do the (hidden) tests notice a small bug in a correct solution?

A *mutant* is the perfect submission of a lab with one small change in one answer cell, made in the code between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` of the source notebook: an arithmetic operator or a comparison
swapped, a constant changed, a NumPy function swapped for its sibling, a Keras activation or ``from_logits`` flipped,
an ``axis`` changed or dropped, a statement dropped, a return value changed. The mutants of a lab are graded in
process (``in_process``: one worker runs the perfect submission once, then each mutant from its exercise on, the
hidden tests as the autograder runs them; two labs at a time); a mutant is *killed* when a test cell of the notebook
fails (or its worker dies or a cell times out), and *survives* otherwise.

Run ``python -m course_utils.develop mutation`` (``make mutation``): it writes ``tests/mutation/results.json`` and
``tests/mutation/REPORT.md``. ``tests/test_mutation_report.py`` fails when the report is stale (the answer or test
cells, course_utils/checks.py, a course_utils module those cells import (see ``fingerprint``) or the list of mutants
changed since it was made), when a lab kills fewer than 90% of its mutants, or when a survivor has no entry in its
lab's ``tests/labs/<assignment>/equivalent_mutants.yaml``.

The mutants are made from the AST and spliced back into the cell's text (only the mutated expression or statement
is rewritten), in a fixed order, so every mutant has a stable id ``<answer cell id>:<n>:<operator>``: the n-th
mutant of that answer cell. Mutants that do not parse, that are identical to the solution (same AST) or to an
earlier mutant are skipped. Keyword arguments that only change what a cell prints (``verbose``, ``callbacks``,
``name``, ``every``, ``metrics``) are never mutated: every such mutant would be equivalent.

The quizzes are out of scope: each answer is a literal (a letter, a set of letters, a number) that the check
compares with the answer key for equality, so every change of it is a wrong answer by construction; their cells
hold no computation for a mutant to change.
"""
import ast
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from ..grading import notebooks
from . import in_process
from .answer_fixtures import lab_files

REPORT_DIR = Path("tests") / "mutation"
TARGET = 0.90
DEFAULT_CELL_TIMEOUT = 300  # seconds a cell may run

EQUIVALENT_FILE = "equivalent_mutants.yaml"  # in each lab's test folder, tests/labs/<assignment>/


def equivalent_mutants(root):
    """{"<assignment>/<mutant id>": (the mutated line as the report shows it, why the mutant is equivalent)} from
    every lab's ``tests/labs/<assignment>/equivalent_mutants.yaml``: the survivors that do not change what the answer
    computes (or change it below any tolerance a test could fairly use). The line guards against an id that names
    another mutant after the cell changed."""
    return {f"{lab}/{mutant}": (entry["line"], entry["reason"])
            for lab, mutants in lab_files(root, EQUIVALENT_FILE).items() for mutant, entry in mutants.items()}


# ---------------------------------------------------------------------------------------------------------------
# Mutation operators

ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
              ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
NON_COMMUTATIVE = (ast.Sub, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.MatMult)
COMPARE_BOUNDARY = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
COMPARE_NEGATE = {ast.Lt: ast.GtE, ast.LtE: ast.Gt, ast.Gt: ast.LtE, ast.GtE: ast.Lt, ast.Eq: ast.NotEq,
                  ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
FUNCTION_SWAPS = {
    "max": "min", "min": "max", "maximum": "minimum", "minimum": "maximum", "amax": "amin", "amin": "amax",
    "sum": "mean", "mean": "sum", "exp": "log", "log": "exp", "argmax": "argmin", "argmin": "argmax",
    "dot": "multiply", "matmul": "multiply", "multiply": "dot", "sqrt": "square", "square": "sqrt",
    "abs": "negative", "softmax": "sigmoid", "sigmoid": "softmax", "zeros_like": "ones_like",
    "ones_like": "zeros_like", "zeros": "ones", "ones": "zeros", "stack": "concatenate", "tensordot": "dot",
    "diff": "integrate", "clip": "minimum",
}
ACTIVATIONS = {"relu": ("linear", "sigmoid"), "sigmoid": ("linear", "relu"), "linear": ("relu", "sigmoid"),
               "softmax": ("linear", "sigmoid"), "tanh": ("relu", "linear")}
LOSS_NAMES = {"mse": ("binary_crossentropy",), "binary_crossentropy": ("mse",),
              "categorical_crossentropy": ("sparse_categorical_crossentropy",),
              "sparse_categorical_crossentropy": ("categorical_crossentropy",)}
COSMETIC_KEYWORDS = {"verbose", "callbacks", "name", "every", "metrics"}
OPERATORS = ("arithmetic", "operands", "unary", "compare_boundary", "compare_negate", "constant", "boolean",
             "from_logits", "keepdims", "activation", "loss_name", "function", "axis", "axis_drop", "drop",
             "return_value")


@dataclass(frozen=True)
class Mutant:
    assignment: str
    answer_id: str
    number: int
    operator: str
    line: str  # the original line (stripped; the first line of a longer statement)
    mutated: str  # the same line in the mutant
    source: str  # the whole mutated answer cell, markers included

    @property
    def id(self):
        return f"{self.answer_id}:{self.number}:{self.operator}"

    @property
    def key(self):
        return f"{self.assignment}/{self.id}"


def _parenthesized(node):
    text = ast.unparse(node)
    atom = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript, ast.List, ast.Tuple, ast.Dict))
    if isinstance(node, ast.Constant) and not (isinstance(node.value, (int, float)) and node.value < 0):
        atom = True
    return text if atom else f"({text})"


def _constant_replacements(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    if isinstance(value, int):
        return [{0: 1, 1: 0}.get(value, value + 1)]
    return [1.0 if value == 0 else value * 2]


class _Collector(ast.NodeVisitor):
    """Collect (node, replacement text, operator) for every eligible node, in source order."""

    def __init__(self, region):
        self.region = region
        self.found = []

    def inside(self, node):
        return all(line in self.region for line in range(node.lineno, node.end_lineno + 1))

    def add(self, node, text, operator):
        self.found.append((node, text, operator))

    def generic_visit(self, node):
        if isinstance(node, ast.stmt) and self.inside(node) and not isinstance(node, ast.Pass):
            self.add(node, "pass", "drop")
        super().generic_visit(node)

    def visit_Return(self, node):
        if node.value is not None and self.inside(node):
            value = node.value
            if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                changed = ast.Tuple(elts=list(reversed(value.elts)), ctx=ast.Load())
            else:
                changed = ast.UnaryOp(op=ast.USub(), operand=value)
            self.add(node, ast.unparse(ast.Return(value=changed)), "return_value")
        self.generic_visit(node)

    def visit_BinOp(self, node):
        if self.inside(node):
            if type(node.op) in ARITHMETIC:
                changed = ast.BinOp(left=node.left, op=ARITHMETIC[type(node.op)](), right=node.right)
                self.add(node, _parenthesized(changed), "arithmetic")
            if isinstance(node.op, NON_COMMUTATIVE):
                self.add(node, _parenthesized(ast.BinOp(left=node.right, op=node.op, right=node.left)), "operands")
        self.generic_visit(node)

    def visit_UnaryOp(self, node):
        if self.inside(node) and isinstance(node.op, (ast.USub, ast.Not, ast.Invert)):
            self.add(node, _parenthesized(node.operand), "unary")
        self.generic_visit(node)

    def visit_Compare(self, node):
        if self.inside(node) and len(node.ops) == 1:
            for table, operator in ((COMPARE_BOUNDARY, "compare_boundary"), (COMPARE_NEGATE, "compare_negate")):
                if type(node.ops[0]) in table:
                    changed = ast.Compare(left=node.left, ops=[table[type(node.ops[0])]()],
                                          comparators=node.comparators)
                    self.add(node, _parenthesized(changed), operator)
        self.generic_visit(node)

    def visit_Constant(self, node):
        if not self.inside(node):
            return
        if isinstance(node.value, str):
            for table, operator in ((ACTIVATIONS, "activation"), (LOSS_NAMES, "loss_name")):
                for other in table.get(node.value, ()):
                    self.add(node, repr(other), operator)
        elif isinstance(node.value, bool):
            self.add(node, repr(not node.value), "boolean")
        else:
            for other in _constant_replacements(node.value):
                self.add(node, _parenthesized(ast.Constant(other)), "constant")

    def visit_Call(self, node):
        if self.inside(node):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in FUNCTION_SWAPS:
                changed = ast.Attribute(value=func.value, attr=FUNCTION_SWAPS[func.attr], ctx=ast.Load())
                self.add(func, ast.unparse(changed), "function")
            names = [keyword.arg for keyword in node.keywords]
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if "from_logits" not in names and called.endswith("Crossentropy"):
                self.add(node, ast.unparse(ast.Call(func=func, args=node.args, keywords=[
                    *node.keywords, ast.keyword(arg="from_logits", value=ast.Constant(True))])), "from_logits")
            for index, keyword in enumerate(node.keywords):
                others = node.keywords[:index] + node.keywords[index + 1:]
                if keyword.arg == "axis":
                    try:
                        axis = ast.literal_eval(keyword.value)
                    except ValueError:
                        axis = None
                    if isinstance(axis, int):
                        changed = ast.keyword(arg="axis", value=ast.Constant(1 if axis == 0 else 0))
                        self.add(keyword, ast.unparse(changed), "axis")
                    self.add(node, ast.unparse(ast.Call(func=func, args=node.args, keywords=others)), "axis_drop")
                elif keyword.arg in ("from_logits", "keepdims") and isinstance(keyword.value, ast.Constant):
                    changed = ast.keyword(arg=keyword.arg, value=ast.Constant(not keyword.value.value))
                    self.add(keyword, ast.unparse(changed), keyword.arg)
        self.visit(node.func)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            # cosmetic arguments are left alone; axis/from_logits/keepdims were mutated above as a whole
            if keyword.arg not in COSMETIC_KEYWORDS | {"axis", "from_logits", "keepdims"}:
                self.visit(keyword.value)


def _region_line_numbers(source):
    region, inside = set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if notebooks.BEGIN_SOLUTION in line:
            inside = True
        elif notebooks.END_SOLUTION in line:
            inside = False
        elif inside:
            region.add(number)
    return region


def _splice(source, node, text):
    """``source`` with the text of ``node`` replaced by ``text``; also (first original line, its mutated line)."""
    lines = source.split("\n")
    first, last = lines[node.lineno - 1].encode(), lines[node.end_lineno - 1].encode()
    new_line = first[:node.col_offset].decode() + text + last[node.end_col_offset:].decode()
    mutated = "\n".join(lines[:node.lineno - 1] + [new_line] + lines[node.end_lineno:])
    original_line = lines[node.lineno - 1].strip() + (" ..." if node.end_lineno > node.lineno else "")
    return mutated, original_line, new_line.strip()


def mutants_of_cell(source, assignment="", answer_id="cell"):
    """The mutants of one answer cell's source (markers included), in a fixed order."""
    tree = ast.parse(source)
    collector = _Collector(_region_line_numbers(source))
    collector.visit(tree)
    original = ast.dump(tree)
    seen, mutants = {original}, []
    for node, text, operator in sorted(collector.found, key=lambda found: (found[0].lineno, found[0].col_offset)):
        mutated, line, mutated_line = _splice(source, node, text)
        try:
            dump = ast.dump(ast.parse(mutated))
        except SyntaxError:
            continue
        if dump in seen:
            continue
        seen.add(dump)
        mutants.append(Mutant(assignment, answer_id, len(mutants) + 1, operator, line, mutated_line, mutated))
    return mutants


def lab_mutants(source_nb, assignment):
    """Every mutant of every answer cell of a lab's source notebook."""
    return [mutant for cell in source_nb.cells if notebooks.is_answer(cell)
            for mutant in mutants_of_cell(cell.source, assignment, notebooks.grade_id(cell))]


def labs(course):
    """The assignments mutation testing covers: all but the quizzes."""
    return [assignment for assignment in course.assignments() if not assignment.startswith("quiz")]


# ---------------------------------------------------------------------------------------------------------------
# Fingerprint: what the results depend on

PACKAGE = Path(__file__).resolve().parents[1]  # course_utils/


def _module_file(name):
    """The source file of the course_utils module ``name`` (dotted), or None when no module has that name."""
    folder = PACKAGE.joinpath(*name.split(".")[1:])
    return next((path for path in (folder / "__init__.py", folder.with_suffix(".py")) if path.is_file()), None)


def _course_imports(source, module="", is_package=False):
    """The course_utils modules that ``source`` (of module ``module``, for relative imports) imports, with the
    packages that hold them (importing course_utils.reference.lab3_softmax runs course_utils/reference/__init__.py)."""
    named = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            named += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative to the package that holds ``module``
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            named += [base] + [f"{base}.{alias.name}" for alias in node.names]  # ``from package import module``
    parts = [name.split(".") for name in named if name.split(".")[0] == "course_utils"]
    return {".".join(split[:end]) for split in parts for end in range(1, len(split) + 1)
            if _module_file(".".join(split[:end]))}


def lab_modules(source_nb):
    """The course_utils modules a lab's answer and test cells import, directly or through those modules' imports."""
    pending = set().union(*(_course_imports(cell.source) for cell in source_nb.cells
                            if notebooks.is_answer(cell) or notebooks.is_test(cell)))
    found = set()
    while pending:
        name = pending.pop()
        found.add(name)
        path = _module_file(name)
        pending |= _course_imports(path.read_text(), name, path.name == "__init__.py") - found
    return found


def fingerprint(course, assignment):
    """sha256 over what a lab's mutation results depend on: its answer and test cells, course_utils/checks.py and the
    source of every course_utils module those cells import (lab_modules; course_utils/reference/ included). A module
    no lab cell reaches, such as the quizzes' answer key, leaves every lab's report current when it changes."""
    source_nb = notebooks.read(course.notebook("source", assignment))
    digest = hashlib.sha256()
    for cell in source_nb.cells:
        if notebooks.is_answer(cell) or notebooks.is_test(cell):
            digest.update(f"{notebooks.grade_id(cell)}\0{cell.source}\0".encode())
    paths = {PACKAGE / "checks.py"} | {_module_file(name) for name in lab_modules(source_nb)}
    for path in sorted(paths):
        digest.update(f"{path.relative_to(PACKAGE)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Grading

def grade_mutants(course, assignment, mutants, cell_timeout=DEFAULT_CELL_TIMEOUT):
    """Grade every mutant of ``assignment`` in process; returns ({mutant key: result dict}, seconds). A result names
    the first test cell that failed (``killed_by``). Raises RuntimeError when the perfect submission fails a test."""
    variants = [in_process.Variant(mutant.key, mutant.answer_id, notebooks.without_markers(
        mutant.source, notebooks.BEGIN_SOLUTION, notebooks.END_SOLUTION)) for mutant in mutants]
    started = time.perf_counter()
    graded = in_process.grade_variants(course.notebook("source", assignment), course.notebook("release", assignment),
                                       variants, until="first_failure", timeout=cell_timeout)
    seconds = time.perf_counter() - started
    results = {}
    for mutant in mutants:
        failed = [cell for cell, result in graded[mutant.key].items() if not result.passed]
        results[mutant.key] = {**_describe(mutant), "status": "killed" if failed else "survived",
                               "killed_by": failed[0] if failed else None}
    return results, seconds


def _describe(mutant):
    return {"assignment": mutant.assignment, "id": mutant.id, "answer_id": mutant.answer_id,
            "operator": mutant.operator, "line": mutant.line, "mutated": mutant.mutated}


def run_mutation(course, assignments=None, jobs=2, cell_timeout=DEFAULT_CELL_TIMEOUT, max_per_lab=None,
                 survivors_only=False):
    """Grade the mutants of ``assignments`` (default: every lab), ``jobs`` labs at a time; merge the results into
    tests/mutation/results.json and rewrite tests/mutation/REPORT.md. Returns the results document.

    ``survivors_only``: regrade only the mutants that survived the last run of the lab and keep the others killed.
    Sound only when the tests were strengthened and the solutions left alone (a test that was only added to cannot
    let a killed mutant through); refused when the lab's list of mutants changed. A full run is the reference."""
    assignments = list(assignments or labs(course))
    unknown = sorted(set(assignments) - set(labs(course)))
    if unknown:
        raise ValueError(f"not labs of this course: {unknown}")
    results_path = course.root / REPORT_DIR / "results.json"
    document = json.loads(results_path.read_text()) if results_path.is_file() else {"labs": {}}

    def one(assignment):
        graded_fingerprint = fingerprint(course, assignment)  # before grading: the notebook may change meanwhile
        mutants = lab_mutants(notebooks.read(course.notebook("source", assignment)), assignment)
        if max_per_lab is not None:
            mutants = mutants[:max_per_lab]
        previous = document["labs"].get(assignment)
        if survivors_only:
            if previous is None or [(m["id"], m["mutated"]) for m in previous["mutants"]] != \
                    [(m.id, m.mutated) for m in mutants]:
                raise RuntimeError(f"{assignment}: its mutants changed since the last run; run it in full")
            survived = {m["id"] for m in previous["mutants"] if m["status"] == "survived"}
            graded = [mutant for mutant in mutants if mutant.id in survived]
        else:
            graded = mutants
        results, seconds = grade_mutants(course, assignment, graded, cell_timeout)
        print(f"  {assignment}: {len(graded)} mutants graded in {seconds:.0f} s, "
              f"{sum(r['status'] != 'survived' for r in results.values())} killed", flush=True)
        if survivors_only:
            kept = {m["id"]: m for m in previous["mutants"]}
            return assignment, {**previous, "fingerprint": graded_fingerprint,
                                "survivors_regraded_seconds": round(seconds, 1),
                                "mutants": [results.get(m.key, kept[m.id]) for m in mutants]}
        return assignment, {"fingerprint": graded_fingerprint, "seconds": round(seconds, 1),
                            "capped_at": max_per_lab, "mutants": [results[m.key] for m in mutants]}

    def save():
        document["labs"] = {name: document["labs"][name] for name in labs(course) if name in document["labs"]}
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(document, indent=1) + "\n")
        (course.root / REPORT_DIR / "REPORT.md").write_text(render_report(document, equivalent_mutants(course.root)))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for future in as_completed([pool.submit(one, assignment) for assignment in assignments]):
            assignment, lab = future.result()
            document["labs"][assignment] = lab
            save()  # after every lab: an interrupted run keeps what it graded
    document["last_run"] = {"assignments": assignments, "jobs": jobs,
                            "wall_seconds": round(time.perf_counter() - started, 1)}
    save()
    return document


# ---------------------------------------------------------------------------------------------------------------
# Report

def summary(lab):
    total = len(lab["mutants"])
    killed = sum(mutant["status"] != "survived" for mutant in lab["mutants"])
    return total, killed, (killed / total if total else 1.0)


def render_report(document, equivalent):
    """REPORT.md from the results document and the justified survivors (``equivalent_mutants``); deterministic: a
    test compares it with the committed file."""
    lines = [
        "# Mutation testing of the labs' tests",
        "",
        "Generated by `python -m course_utils.develop mutation` (`make mutation`) from `results.json`; do not edit.",
        "Each mutant is the perfect submission with one small change in one answer cell's solution code, graded "
        "in process as the autograder grades it;",
        "it is *killed* when a test cell fails (or its grading errors). See "
        "`course_utils/develop/mutation.py` for the operators.",
        f"Target: at least {TARGET:.0%} killed on every lab; every survivor is justified as equivalent in "
        "its lab's `tests/labs/<lab>/equivalent_mutants.yaml`.",
        "",
        "The quizzes are out of scope: each answer is a literal (a letter, a set of letters or a number) compared "
        "with the answer key for equality,",
        "so any change of it is a wrong answer by construction and there is no computation to mutate.",
        "",
        "| lab | mutants | killed | killed % | survivors | grading (s) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, lab in document["labs"].items():
        total, killed, share = summary(lab)
        cap = f" (first {lab['capped_at']})" if lab.get("capped_at") else ""
        regraded = (f" + {lab['survivors_regraded_seconds']:.0f} (survivors regraded)"
                    if "survivors_regraded_seconds" in lab else "")
        lines.append(f"| {name} | {total}{cap} | {killed} | {share:.1%} | {total - killed} | "
                     f"{lab['seconds']:.0f}{regraded} |")
    seconds = sum(lab["seconds"] for lab in document["labs"].values())
    lines += ["", f"Grading time, summed over the labs: {seconds / 60:.0f} min "
                  f"(two labs are graded at a time, so a full run takes about half of that on two free cores).", ""]
    lines += ["## Survivors", ""]
    survivors = [(name, mutant) for name, lab in document["labs"].items() for mutant in lab["mutants"]
                 if mutant["status"] == "survived"]
    if not survivors:
        lines.append("None.")
    for name, mutant in survivors:
        reason = equivalent.get(f"{name}/{mutant['id']}", (None, "NOT JUSTIFIED"))[1]
        lines += [f"- `{name}/{mutant['id']}`", f"  - solution: `{mutant['line']}`",
                  f"  - mutant:   `{mutant['mutated']}`", f"  - equivalent: {reason}"]
    lines += ["", "## Killed mutants by operator", "", "| operator | mutants | killed |", "|---|---:|---:|"]
    for operator in OPERATORS:
        chosen = [m for lab in document["labs"].values() for m in lab["mutants"] if m["operator"] == operator]
        if chosen:
            lines.append(f"| {operator} | {len(chosen)} | {sum(m['status'] != 'survived' for m in chosen)} |")
    return "\n".join(lines) + "\n"


def main(course, assignments=None, jobs=2, cell_timeout=DEFAULT_CELL_TIMEOUT, max_per_lab=None, report_only=False,
         survivors_only=False):
    results_path = course.root / REPORT_DIR / "results.json"
    if report_only:
        document = json.loads(results_path.read_text())
        (course.root / REPORT_DIR / "REPORT.md").write_text(render_report(document, equivalent_mutants(course.root)))
    else:
        started = time.perf_counter()
        print(f"Mutation testing: {', '.join(assignments or labs(course))} ({jobs} labs at a time)", flush=True)
        document = run_mutation(course, assignments, jobs, cell_timeout, max_per_lab, survivors_only)
        print(f"Done in {time.perf_counter() - started:.0f} s.")
    failing, equivalent = [], equivalent_mutants(course.root)
    for name, lab in document["labs"].items():
        total, killed, share = summary(lab)
        unjustified = [m["id"] for m in lab["mutants"]
                       if m["status"] == "survived" and f"{name}/{m['id']}" not in equivalent]
        print(f"  {name:22s} {killed:4d}/{total:<4d} killed ({share:.1%}); unjustified survivors: {len(unjustified)}")
        if share < TARGET or unjustified:
            failing.append(name)
    print(f"Report: {course.root / REPORT_DIR / 'REPORT.md'}")
    return 1 if failing else 0
