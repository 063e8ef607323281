"""Shared test fixtures: the course under test and scratch copies of it (course_utils/develop/scratch_course.py)."""
import os
import shutil
from pathlib import Path

import pytest

from course_utils.develop.scratch_course import PARTS, ScratchCourse, grading_env  # noqa: F401 (for the tests)
from course_utils.grading.course import Course
from course_utils.lab import QUIET_TF_ENV

REPO_ROOT = Path(__file__).resolve().parents[1]
COURSE = Course(REPO_ROOT)
ASSIGNMENTS = COURSE.assignments()
os.environ.update(QUIET_TF_ENV)
os.environ.setdefault("MPLBACKEND", "Agg")


def scratch_course(folder, assignments=None, parts=PARTS):
    """A scratch copy of this course (course_utils/develop/scratch_course.py) in ``folder``."""
    return ScratchCourse.copy_of(COURSE, folder, assignments, parts)


@pytest.fixture(scope="session")
def course():
    return COURSE


# Test files whose tests are spread over the pytest workers lab by lab, not kept on one worker as a whole (they
# run every lab in a browser: minutes on one worker, half that on two). `make test` schedules by file
# (--dist loadfile); these are split by the lab their tests are parametrized with.
SPREAD_BY_LAB = ("tests/browser/test_student.py",)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded (-p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """With --dist loadfile, a scheduler that keeps each test file on one worker, as loadfile does (its module
    fixtures are made once), except SPREAD_BY_LAB's files, one lab at a time."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LabSpreadScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            if path in SPREAD_BY_LAB and nodeid.endswith("]"):
                return f"{path}[{nodeid.rsplit('[', 1)[1]}"
            return path

    return LabSpreadScheduling(config, log)


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of the session's own (tests/postgres_server.py); skipped where Debian's postgresql is
    missing, but for CI=true, where that is an error."""
    import tempfile
    from postgres_server import INSTALL_HINT, PostgresServer, server_programs

    if server_programs() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the PostgreSQL tests need a server: {INSTALL_HINT}", pytrace=False)
        pytest.skip(f"no PostgreSQL server programs: {INSTALL_HINT}")
    # Not under pytest's temp folder: that is private to root, and the server runs as the postgres account.
    folder = tempfile.mkdtemp(prefix="course-postgres-")
    server = PostgresServer(folder).start()
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)
