"""nbgrader configuration for the course (read by every nbgrader command run from this folder).

Environment variables an instructor may set:
  COURSE_DB_URL       gradebook database URL (default: sqlite file gradebook.db in this folder)
  NBGRADER_EXCHANGE   exchange folder for `nbgrader release_assignment` / `collect` (default /srv/nbgrader/exchange)
"""
import os
from pathlib import Path

from course_utils.lab import QUIET_TF_ENV
from course_utils.grading.feedback import HideTestTracebacks
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

COURSE_ROOT = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (provided by traitlets when this file is loaded)

c.CourseDirectory.course_id = "nn-training"
c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.db_url = os.environ.get("COURSE_DB_URL", f"sqlite:///{COURSE_ROOT / 'gradebook.db'}")
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")

# Kernels started by nbgrader (validate, autograde) inherit this environment: TensorFlow stays quiet
# and gives the same numbers as the reference values were made with.
for name, value in QUIET_TF_ENV.items():
    os.environ.setdefault(name, value)

# A lab trains small Keras models: allow minutes per cell, not nbgrader's default 30 s.
c.Execute.timeout = 300
c.Execute.startup_timeout = 120
# Kernels keep no history file and log only errors (no warning banner in every grading log).
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# A student who deletes a test cell gets it back (and is graded by it) instead of silently scoring 0.
c.OverwriteCells.add_missing_cells = True

# Feedback shows neither the hidden tests' source nor, through a traceback, any line of a test cell.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests, HideTestTracebacks]
