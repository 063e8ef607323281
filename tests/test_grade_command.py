"""The `grade` command, run for real on temp copies of the course with the sample students: every submission graded
in parallel, into a SQLite gradebook on this machine's cores (a LocalCluster `grade` starts), or into a PostgreSQL
one on a Dask scheduler and workers started as separate processes; a failed regrade leaves no old grade behind."""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from nbgrader.api import MissingEntry

from conftest import PARTS, REPO_ROOT, ScratchCourse, grading_env, scratch_course
from course_utils.grading import notebooks, samples
from course_utils.grading.kernels import GradingKernels, sandbox
from failing_preprocessor import CONFIG as FAILING_CONFIG

pytestmark = pytest.mark.slow
ASSIGNMENTS = ["quiz1_training", "quiz2_activations"]  # the fastest to grade: the runs, not the labs, are tested


def sample_course(root):
    course = scratch_course(root, ASSIGNMENTS)
    samples.place_submissions(course)
    return course


def copy_of_graded(course, folder):
    """A copy of a graded scratch course: its submissions, grades and gradebook with it."""
    return ScratchCourse.copy_of(course, folder, parts=PARTS + ("submitted", "autograded", "feedback", "gradebook.db"))


def run_grade(course, *options):
    """`grade` in ``course``, with tests/ on the path: a course configured with the tests' failing preprocessor
    finds it."""
    return course.grade(*options, env=grading_env({"PYTHONPATH": str(REPO_ROOT / "tests")}))


def expected_scores(course):
    return {(assignment, student.student_id): student.expected_score(notebooks.read(course.notebook("source",
                                                                                                      assignment)))
            for assignment in ASSIGNMENTS for student in samples.SAMPLE_STUDENTS}


def scores(course, db_url=None):
    """{(assignment, student): score} in ``course``'s gradebook (or the one at ``db_url``)."""
    return {key: score for key, (score, _) in course.scores(db_url).items()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = sample_course(tmp_path_factory.mktemp("grade") / "course")
    return course, run_grade(course, "--workers", "2")


def test_grade_gives_every_sample_its_score(graded):
    course, run = graded
    assert run.returncode == 0, f"grade failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert scores(course) == expected_scores(course)


def test_grade_writes_feedback_and_a_log_per_submission(graded):
    course, _ = graded
    for assignment in ASSIGNMENTS:
        for student in samples.SAMPLE_STUDENTS:
            assert course.notebook("autograded", assignment, student.student_id).is_file()
            assert course.notebook("feedback", assignment, student.student_id).is_file()
            log = course.root / "logs" / "grade" / assignment / f"{student.student_id}.log"
            assert log.read_text().startswith(f"{assignment}/{student.student_id}: graded")


def test_grade_shows_progress_and_a_summary(graded):
    _, run = graded
    jobs = len(ASSIGNMENTS) * len(samples.SAMPLE_STUDENTS)
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"Grading {jobs} submissions (2 assignments, 4 students) on 2 worker processes")
    progress = [line for line in lines if line.startswith("[")]
    assert len(progress) == jobs and progress[-1].startswith(f"[{'#' * 20}] {jobs}/{jobs}")
    assert f"{jobs} of {jobs} submissions graded" in run.stdout and "FAILED" not in run.stdout
    summary = next(line for line in lines if line.startswith("quiz1_training  "))
    assert summary.split()[:4] == ["quiz1_training", "4", "4", "0"]


def test_kernels_graded_in_scratch_copies_do_not_see_the_course(tmp_path_factory):
    """A job is graded in a scratch copy of its submission: the sandbox hides the course it came from all the same
    (its source/ with the hidden tests, the gradebook, the other students). The course lies outside /tmp here: the
    sandbox's private /tmp would hide it anyway."""
    if not sandbox.available()[0] and not GradingKernels().require_sandbox:
        pytest.skip("no grading sandbox here")
    root = Path(tempfile.mkdtemp(prefix="course-outside-tmp-", dir="/var/tmp"))
    root.chmod(0o755)  # readable by all, as a course folder often is: only the sandbox may hide it
    try:
        course = scratch_course(root, ["quiz1_training"])
        probe = "\n".join(f"print({name!r}, os.path.exists({str(course.root / name)!r}))"
                          for name in ("source", "submitted", "gradebook.db"))
        course.submit_sample("quiz1_training", samples.PERFECT, "prober",
                             answers=[("q1", f"import os\n{probe}\nanswer_q1 = None")])
        course.submit_sample("quiz1_training", samples.PERFECT)
        run = run_grade(course)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
        (cell,) = [cell for cell in notebooks.read(course.notebook("autograded", "quiz1_training", "prober")).cells
                   if notebooks.grade_id(cell) == "q1"]
        printed = "".join(output.get("text", "") for output in cell.outputs)
        assert printed.split() == ["source", "False", "submitted", "False", "gradebook.db", "False"], printed
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_without_a_sandbox_grade_refuses_real_students_and_grades_the_samples(tmp_path):
    """Safe by default (no bubblewrap, no forking, not CI): `grade` refuses a real student's submission before any
    work, naming the fix; the bundled samples (what `make` grades) are still graded, and the status says how."""
    course = scratch_course(tmp_path, ["quiz1_training"])
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write('\nc.GradingKernels.bwrap = "/nonexistent/bwrap"\nc.GradingKernels.fork = False\n')
    course.submit_sample("quiz1_training", samples.PERFECT, "alice")
    course.submit_sample("quiz1_training", samples.PERFECT)
    env = {name: value for name, value in grading_env().items() if name not in ("CI", "COURSE_REQUIRE_SANDBOX")}
    refused = course.grade("--assignment", "quiz1_training", env=env)
    assert refused.returncode == 1 and "refusing to grade alice." in refused.stdout + refused.stderr
    assert "apt-get install bubblewrap" in refused.stdout + refused.stderr
    assert not (course.root / "autograded").exists()
    samples_only = course.grade("--assignment", "quiz1_training", "--student", "sample_*", env=env)
    assert samples_only.returncode == 0, samples_only.stdout[-3000:] + samples_only.stderr[-3000:]
    assert "Grading sandbox: UNAVAILABLE (bwrap (bubblewrap) is not installed)" in samples_only.stdout
    full = samples.PERFECT.expected_score(notebooks.read(course.notebook("source", "quiz1_training")))
    assert course.scores() == {("quiz1_training", samples.PERFECT.student_id): (full, full)}


def test_a_failed_regrade_leaves_no_old_grade_and_fails_the_command(graded, tmp_path):
    graded_course, run = graded
    assert run.returncode == 0, "the first grading failed (test_grade_gives_every_sample_its_score)"
    course = copy_of_graded(graded_course, tmp_path / "course")
    before = scores(course)
    with open(course.root / "nbgrader_config.py", "a") as config:
        config.write(FAILING_CONFIG.format(students=["sample_perfect"]))

    run = run_grade(course, "--assignment", "quiz1_training")

    assert run.returncode == 1, run.stdout[-3000:]
    assert "1 FAILED" in run.stdout and "quiz1_training/sample_perfect" in run.stdout
    assert "failed on purpose" in run.stdout and "after 2 attempts" in run.stdout
    assert "FAILED, retrying" in run.stdout, "the failed job was not retried"
    with course.gradebook() as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_submission("quiz1_training", "sample_perfect")
    assert not course.notebook("autograded", "quiz1_training", "sample_perfect").exists()
    assert not course.notebook("feedback", "quiz1_training", "sample_perfect").exists()
    after = scores(course)
    assert after == {key: value for key, value in before.items() if key != ("quiz1_training", "sample_perfect")}
    log = (course.root / "logs" / "grade" / "quiz1_training" / "sample_perfect.log").read_text()
    assert "FAILED" in log and "failed on purpose" in log


def test_dask_grading_needs_a_gradebook_server(tmp_path):
    course = sample_course(tmp_path / "course")
    run = run_grade(course, "--scheduler", "tcp://127.0.0.1:9")
    assert run.returncode == 1 and "needs a gradebook its workers reach" in run.stderr


def test_grade_on_a_dask_scheduler_and_workers_in_their_own_processes(tmp_path, postgres):
    from distributed import Client

    course = sample_course(tmp_path / "course")
    db_url = postgres.create_database("grade_dask_processes")
    env = grading_env()
    port = free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    # Workers in a folder of their own, away from the course: what they grade comes with the job.
    workers_home = tmp_path / "workers"
    workers_home.mkdir()
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    address = f"tcp://127.0.0.1:{port}"
    workers = subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                "--local-directory", str(workers_home)], cwd=workers_home, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        run = run_grade(course, "--db", db_url, "--scheduler", address)
    finally:
        for process in (workers, scheduler):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"{len(ASSIGNMENTS) * len(samples.SAMPLE_STUDENTS)} of " in run.stdout and "[####" in run.stdout, \
        "no progress"
    assert scores(course, db_url) == expected_scores(course)
    assert not (course.root / "gradebook.db").exists(), "grades went to SQLite too"
    for assignment in ASSIGNMENTS:  # sent back by the workers, written here
        for student in samples.SAMPLE_STUDENTS:
            assert course.notebook("autograded", assignment, student.student_id).is_file()
            assert course.notebook("feedback", assignment, student.student_id).is_file()


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
