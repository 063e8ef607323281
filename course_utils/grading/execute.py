"""The autograder's executor: nbgrader's Execute, hardened against submissions that fight the grader.

On top of nbgrader's Execute it:
- runs a test cell's hidden region in the grader's own process (see ``hidden``): the kernel runs the rest of the
  cell, then answers the hidden tests' requests with data; a hidden check that fails is the cell's error;
- doesn't run a cell other than a test cell that names the instructor-only packages (the reference solutions, the
  grading code): no locked cell does, so such a cell is the student's (an answer, or a cell they added);
- probes the kernel before and after every graded test cell (see ``integrity``); a test cell run in a kernel whose
  grading helpers, reference code or error reporting were changed scores 0, and the rest of the notebook is not run;
- turns a kernel that dies (``exit()``, ``os._exit``, a crash, out of memory) into an error in the cell that killed
  it, marks the cells after it as not run, and still grades the notebook: the tests that passed before keep
  their points, instead of nbgrader dropping the whole submission;
- stops the notebook after a cell that ran past the time limit (a kernel busy in an endless loop can't run more);
- keeps at most ``max_output_chars`` characters and ``max_outputs`` outputs per cell, so output without end
  can't exhaust the grader's memory.
Every such event is an error output named for what happened (the student sees it in the feedback) and a warning
in the grading log.
"""
import ast
import re
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer

from . import hidden, integrity
from .notebooks import grade_id, is_test

# The instructor-only packages: the grading kernel has none of them (the sandbox hides them; the hidden tests run in
# the grader), and a cell of the student's that names them is not run at all, so the feedback says why.
USES_INSTRUCTOR_CODE = re.compile(r"\bcourse_utils\s*\.\s*(reference|grading)\b|\bfrom\s+course_utils\s+import\b[^\n]*"
                                  r"\b(reference|grading)\b")
INSTRUCTOR_CODE_NOTE = ("This cell uses the instructor's code (course_utils.reference or course_utils.grading), "
                        "which students don't have, so the grader did not run it.")
OUTPUT_CUT_NOTE = "\n[The grader kept only the beginning of this cell's output: it printed too much.]\n"


def _failed(outputs):
    return any(output.output_type == "error" for output in outputs)


def error_output(ename, evalue):
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


TIMINGS = "course_timings"  # the notebook metadata key of its grading's timings (see timings())


def timings(nb):
    """{"cells": seconds the code cells ran, "hidden": of which the hidden tests, in the grader with their requests
    to the kernel} of an autograded notebook: its own compute, apart from kernel start and nbgrader's work (read by
    the benchmarks)."""
    return dict(nb.metadata[TIMINGS])


class GuardedExecute(Execute):
    integrity_probes = Bool(True, help="Probe the kernel before and after every graded test cell.").tag(config=True)
    max_output_chars = Integer(100_000, help="Characters of printed output kept per cell.").tag(config=True)
    max_outputs = Integer(200, help="Outputs (prints, figures, displays) kept per cell.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._stopped = None  # why the remaining cells are not run, once that is so
        self._baseline = None
        self._watched = integrity.modules_to_watch(nb)
        self._output_chars = {}
        self._notebook_path = (resources or {}).get("metadata", {}).get("path", "")
        self._cell_seconds = self._hidden_seconds = 0.0
        setup = [cell.source for cell in nb.cells if grade_id(cell) == "setup"]
        self._setup_source = setup[0] if setup else ""
        self._hidden_imports = None  # the setup cell's imports, made here on the first hidden region
        result = super().preprocess(nb, resources, km)
        nb.metadata[TIMINGS] = {"cells": round(self._cell_seconds, 3), "hidden": round(self._hidden_seconds, 3)}
        self.log.info("Code cells ran for %.2f s, of which hidden tests %.2f s", self._cell_seconds,
                      self._hidden_seconds)
        return result

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._stopped:
            cell.outputs = [error_output("CellNotRun", f"The grader did not run this cell: {self._stopped}")]
            return cell, resources
        if not is_test(cell) and USES_INSTRUCTOR_CODE.search(cell.source):
            self.log.warning("Not running cell %d of %s: it uses the instructor's code", index + 1,
                             self._notebook_path or "the notebook")
            cell.outputs = [error_output("GradingIntegrityError", INSTRUCTOR_CODE_NOTE)]
            return cell, resources
        graded = is_test(cell)
        try:
            if self.integrity_probes and self._baseline is None:
                self._baseline = self._probe(first=True)
            if graded:
                self._check_integrity(cell, "before it ran")
                if self._stopped:
                    return cell, resources
            started = time.monotonic()
            full_source = cell.source
            public, hidden_source, hidden_first = hidden.split(full_source) if graded else (full_source, "", False)
            try:
                # The cell runs in the order it is written, up to its first error; its hidden region runs here.
                first = self._run_hidden(cell, hidden_source) if hidden_first else []
                if _failed(first):
                    cell.outputs = first
                else:
                    cell.source = public
                    cell, resources = super().preprocess_cell(cell, resources, index)
                    cell.outputs[:0] = first
                    if hidden_source.strip() and not hidden_first and not _failed(cell.outputs):
                        cell.outputs.extend(self._run_hidden(cell, hidden_source))
            finally:
                cell.source = full_source
                self._cell_seconds += time.monotonic() - started
            if any(output.get("ename") == "CellTimeoutError" for output in cell.outputs
                   if output.output_type == "error"):
                self._stop(cell, f"cell {index + 1} ran longer than the limit of {self.timeout} s and was "
                           "interrupted; the cells after it were not run.", note=False)
            elif graded:
                self._check_integrity(cell, "while it ran")
        except DeadKernelError:
            cell.outputs.append(error_output(
                "KernelDied", "The Python process running this notebook ended while this cell ran (the code "
                "called exit(), os._exit() or killed the process, or it ran out of memory). The cells after it "
                "were not run."))
            self._stop(cell, f"the kernel died in cell {index + 1}.", note=False)
        except CellTimeoutError:
            if time.monotonic() - started < (self.timeout or 0):
                raise  # output lagging behind a finished cell (a busy machine): a grader failure, not the student's
            cell.outputs.append(error_output(
                "CellTimeoutError", f"This cell ran longer than the limit of {self.timeout} s and did not stop when "
                "interrupted. The cells after it were not run."))
            self._stop(cell, f"cell {index + 1} ran longer than the limit of {self.timeout} s and did not stop when "
                       "interrupted.", note=False)
        except integrity.TamperedKernel as problem:
            self._stop(cell, f"{problem}.")
        return cell, resources

    def _run_hidden(self, cell, source):
        """Run the cell's hidden region here, asking the kernel for what it needs; return the outputs it adds to the
        cell: what it printed (a quiz's explanation) and, when a check failed, the error."""
        started = time.monotonic()
        if self._hidden_imports is None:
            self._hidden_imports = hidden.setup_imports(self._setup_source)
        outputs = []
        try:
            printed = hidden.run(source, hidden.Kernel(lambda request: self._ask_kernel(request, cell)),
                                 self._hidden_imports)
        except (DeadKernelError, CellTimeoutError):
            raise
        except hidden.HiddenTestTimeout as timeout:  # the cell's own check for a timeout stops the notebook
            outputs = [error_output("CellTimeoutError", str(timeout))]
        except Exception as error:  # a failed check, the student's code raising, an unreadable answer
            if not (isinstance(error, (AssertionError, hidden.ObservationError)) or hidden.raised_in_kernel(error)):
                # Raised by the hidden test's own code: on values the student's code returned, or a fault of the test.
                self.log.warning("A hidden test of %s raised %s in the grader: %s", self._notebook_path or "the "
                                 "notebook", type(error).__name__, error, exc_info=True)
            ename = type(error).__name__
            printed = getattr(error, "printed", "")
            outputs = [NotebookNode(output_type="error", ename=ename, evalue=str(error),
                                    traceback=[f"{ename}: {error}", hidden.HIDDEN_NOTE])]
        finally:
            self._hidden_seconds += time.monotonic() - started
        if printed:
            outputs.insert(0, NotebookNode(output_type="stream", name="stdout", text=printed))
        return outputs

    def _ask_kernel(self, request, cell):
        """Send one request of a hidden test to course_utils.observe in the kernel; return its answer (text)."""
        expression = f"__import__('course_utils.observe', fromlist=['serve']).serve({request!r})"
        message_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"answer": expression},
                                     allow_stdin=False, stop_on_error=False)
        reply = self.wait_for_reply(message_id, cell)
        if reply is None:
            raise hidden.HiddenTestTimeout(f"A hidden test's call into this notebook's code ran longer than the limit "
                                           f"of {self.timeout} s and was interrupted. The cells after it were not run.")
        answer = reply["content"].get("user_expressions", {}).get("answer", {})
        text = answer.get("data", {}).get("text/plain", "") if answer.get("status") == "ok" else ""
        if not (text.startswith(("'", '"')) and len(text) <= hidden.MAX_ANSWER_CHARS):
            raise hidden.ObservationError("the kernel did not answer the grader's request (did code in the notebook "
                                          "change course_utils.observe or IPython?)")
        return ast.literal_eval(text)

    def _stop(self, cell, reason, note=True):
        """Run no more cells; when ``note``, the current cell fails with ``reason`` too."""
        self._stopped = reason
        self.log.warning("Grading of %s stopped: %s", self._notebook_path or "the notebook", reason)
        if note:
            cell.outputs = [error_output("GradingIntegrityError", reason)]

    def _probe(self, first=False):
        nonce, source = integrity.probe_code(self._watched, first)
        message_id = self.kc.execute(source, silent=True, store_history=False, allow_stdin=False,
                                     stop_on_error=False)
        reply = self.wait_for_reply(message_id)
        if reply is None:
            raise integrity.TamperedKernel("the kernel did not answer the grader's check in time")
        return integrity.read_probe(nonce, reply["content"])

    def _check_integrity(self, cell, when):
        if not self.integrity_probes:
            return
        found = integrity.problems(self._baseline, self._probe())
        if found:
            self._stop(cell, f"code in this notebook changed how answers are graded, so this test cell ({when}) "
                             f"and the rest of the notebook score 0. Found: {'; '.join(found[:5])}"
                             + (f" (and {len(found) - 5} more)" if len(found) > 5 else ""))

    def output(self, outs, msg, display_id, cell_index):
        text = msg.get("content", {}).get("text", "")
        used = self._output_chars.get(cell_index, 0)
        self._output_chars[cell_index] = used + len(text) + 1
        if used + len(text) <= self.max_output_chars and len(outs) < self.max_outputs:
            return super().output(outs, msg, display_id, cell_index)
        if used <= self.max_output_chars and len(outs) <= self.max_outputs:
            self._output_chars[cell_index] = self.max_output_chars + 1
            outs.append(NotebookNode(output_type="stream", name="stderr", text=OUTPUT_CUT_NOTE))
        return None
