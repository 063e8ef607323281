"""nbgrader configuration for the course (read by every nbgrader command run from this folder).

Environment variables an instructor may set:
  COURSE_DB_URL       gradebook database URL (default: sqlite file gradebook.db in this folder)
  NBGRADER_EXCHANGE   exchange folder for `nbgrader release_assignment` / `collect` (default /srv/nbgrader/exchange)
  COURSE_CELL_TIMEOUT seconds a cell may run before the grader interrupts it and stops the notebook (default 120)
  COURSE_SANDBOX      0: grade without the sandbox (trusted submissions only; an error where it is required)
  COURSE_REQUIRE_SANDBOX 1 (or CI=true): a sandbox that cannot run is an error even for the bundled sample students
                      (without it, they alone are graded in normal kernels; any other student is refused)
  COURSE_FORK_KERNELS 0: start each sandboxed kernel in bubblewrap, not forked from a template that has imported
                      TensorFlow (forking is the default where the grader runs as root on Linux x86_64)
(the last three are the defaults of c.GradingKernels.sandbox, .require_sandbox and .fork, which may be set here)
"""
import os
import warnings
from pathlib import Path

from course_utils.lab import QUIET_TF_ENV
from course_utils.grading import kernels
from course_utils.grading.kernels import sandbox
from course_utils.grading.clear_hidden_tests import ClearHiddenTestsOfTestCells
from course_utils.grading.execute import GuardedExecute
from course_utils.grading.feedback import HideTestTracebacks
from course_utils.grading.feedback_page import FeedbackExporter
from course_utils.grading.overwrite import SafeOverwriteCells
from course_utils.grading.outputs import MergeStreams
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput,
                                    DeduplicateIds, GetGrades, IgnorePattern, LimitOutput, OverwriteKernelspec,
                                    SaveAutoGrades)
from sqlalchemy.exc import SAWarning

COURSE_ROOT = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (provided by traitlets when this file is loaded)

c.CourseDirectory.course_id = "nn-training"
c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.db_url = os.environ.get("COURSE_DB_URL", f"sqlite:///{COURSE_ROOT / 'gradebook.db'}")
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")

# Kernels run student code in the grading sandbox (docs/security.md): nbgrader starts them from a sandboxed
# kernelspec, whose kernels have no network (so no database server either) and do not see these folders. Where the
# grader runs as root on Linux x86_64, each is forked from a template that has imported TensorFlow and sandboxed as it
# starts (course_utils/grading/kernels/forked.py); elsewhere, or with c.GradingKernels.fork = False
# (COURSE_FORK_KERNELS=0, `grade --no-fork-kernels`), it starts in bubblewrap. The settings that choose:
# course_utils/grading/kernels/__init__.py.
kernels.configure(c, hidden=[COURSE_ROOT, c.Exchange.root, sandbox.gradebook_folder(c.CourseDirectory.db_url)])

# Kernels started by nbgrader (validate, autograde) inherit this environment: TensorFlow stays quiet
# and gives the same numbers as the reference values were made with.
for name, value in QUIET_TF_ENV.items():
    os.environ.setdefault(name, value)

# A lab trains small Keras models: its longest cell takes about 10 s on 2 cores. A cell still running after this
# limit is interrupted and the rest of the notebook is not run (an endless loop costs the grader this much, once).
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "120"))
# After a cell's reply, its last output may lag behind on a busy machine; nbgrader drops the whole submission when
# it lags more than iopub_timeout (4 s by default), so wait longer.
c.Execute.iopub_timeout = 15
c.Execute.startup_timeout = 120
# A graded notebook's kernel is killed when its last cell is done (all its output is in by then): a graceful
# shutdown, a TensorFlow process ending itself, took about 1 s per notebook.
c.Execute.shutdown_kernel = "immediate"
# Kernels keep no history file and log only errors (no warning banner in every grading log).
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Autograde runs notebooks with GuardedExecute (course_utils/grading/execute.py) instead of nbgrader's Execute: it
# probes the kernel around every graded test cell, so code that replaces the grading helpers, the reference code or
# IPython's error reporting scores 0 from there on; a kernel that dies or a cell that runs too long stops the
# notebook with a plain message instead of dropping the submission; output without end is cut. SafeOverwriteCells
# (course_utils/grading/overwrite.py) keeps a test cell given a made-up grade_id from breaking the grading.
# MergeStreams (course_utils/grading/outputs.py) joins the chunks a cell's prints arrive in, so that regrading gives
# the same autograded notebook and feedback whatever the kernel's flush timing.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, SafeOverwriteCells,
                                      CheckCellMetadata]
c.Autograde.autograde_preprocessors = [GuardedExecute, MergeStreams, IgnorePattern, ClearMetadataPreprocessor,
                                       LimitOutput, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# Only the notebooks of a submission reach the grader's folder: an extra file could shadow a module the tests
# import (a numpy.py, a course_utils/ folder) or configure the kernel (ipython_kernel_config.py).
c.CourseDirectory.ignore = ["*"]

# A student who deletes a test cell gets it back (and is graded by it) instead of silently scoring 0.
c.OverwriteCells.add_missing_cells = True

# A submission's first autograde logged three SQLAlchemy warnings: nbgrader's Gradebook.add_submission links the new
# submission to its student and assignment before adding it to the session, and reading the assignment's notebooks
# flushes the session first; SQLAlchemy 2 no longer adds an object through such links, so it warns that the flush
# leaves it out. add_submission adds and commits it (grades and comments included) right after: nothing is lost.
warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session, add operation along",
                        category=SAWarning, module=r"nbgrader\.api")

# Feedback shows neither the hidden tests' source nor, through a traceback, any line of a test cell; a failing test
# cell says plainly whether the exercise was not answered or a hidden test failed (course_utils/grading/feedback.py).
# Hidden tests are cut from test cells only: marker text in a student's own cell cannot break the page
# (course_utils/grading/clear_hidden_tests.py).
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTestsOfTestCells,
                                    HideTestTracebacks]
# The page loads nothing from the network (formulas as MathML instead of MathJax from a CDN) and wraps long output
# lines (course_utils/grading/feedback_page.py).
c.GenerateFeedback.exporter_class = FeedbackExporter
