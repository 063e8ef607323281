"""The jobs of `grade` (every submitted assignment of every student, filtered by patterns) and how a run reports
them: a progress line per attempt, a summary table, the list of failures."""
import io

from course_utils.grading.classgrade.jobs import Job, Outcome, find_jobs
from course_utils.grading.classgrade.progress import Progress
from course_utils.grading.classgrade.summary import failure_list, read_records, summary_table, write_log
from course_utils.grading.course import Course


def course_with(tmp_path, assignments, submitted):
    for assignment in assignments:
        (tmp_path / "source" / assignment).mkdir(parents=True)
        (tmp_path / "source" / assignment / f"{assignment}.ipynb").write_text("{}")
    for student, assignment in submitted:
        (tmp_path / "submitted" / student / assignment).mkdir(parents=True)
    return Course(tmp_path)


def test_find_jobs_lists_every_submitted_pair_and_the_unknown_folders(tmp_path):
    course = course_with(tmp_path, ["lab1", "quiz1"], [("ann", "lab1"), ("ann", "quiz1"), ("bob", "lab1"),
                                                       ("bob", "lab9")])
    (tmp_path / "submitted" / "notes.txt").write_text("not a student")
    jobs, unknown = find_jobs(course)
    assert jobs == [Job("lab1", "ann"), Job("quiz1", "ann"), Job("lab1", "bob")]
    assert unknown == [tmp_path / "submitted" / "bob" / "lab9"]


def test_find_jobs_filters_by_shell_patterns(tmp_path):
    course = course_with(tmp_path, ["lab1", "quiz1"], [("ann", "lab1"), ("ann", "quiz1"), ("sample_x", "lab1")])
    assert find_jobs(course, assignments=["quiz*"])[0] == [Job("quiz1", "ann")]
    assert find_jobs(course, students=["sample_*"])[0] == [Job("lab1", "sample_x")]
    assert find_jobs(course, assignments=["lab*"], students=["ann", "sample_*"])[0] == [Job("lab1", "ann"),
                                                                                          Job("lab1", "sample_x")]


def test_find_jobs_of_a_course_without_submissions_is_empty(tmp_path):
    assert find_jobs(course_with(tmp_path, ["lab1"], [])) == ([], [])


def test_progress_shows_count_result_and_failures():
    stream = io.StringIO()
    progress = Progress(2, stream=stream, width=10)
    progress(Outcome(Job("lab1", "ann"), success=True, seconds=3.0, score=7, max_score=10), final=True)
    progress(Outcome(Job("lab1", "bob"), success=False, seconds=1.0, error="autograde: boom"), final=False)
    progress(Outcome(Job("lab1", "bob"), success=False, seconds=1.0, error="autograde: boom"), final=True)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[#####.....] 1/2") and "ann" in lines[0] and "7/10" in lines[0]
    assert "FAILED, retrying" in lines[1] and "autograde: boom" in lines[2]
    assert lines[3].startswith("[##########] 2/2") and "FAILED" in lines[3]


def test_summary_counts_per_assignment_and_lists_the_failures():
    outcomes = [Outcome(Job("lab1", "ann"), True, 4.0, 10, 10), Outcome(Job("lab1", "bob"), True, 6.0, 5, 10),
                Outcome(Job("quiz1", "ann"), False, 1.0, error="generate_feedback: boom", attempts=2)]
    table = summary_table(outcomes, ["lab1", "quiz1"]).splitlines()
    assert table[2].split() == ["lab1", "2", "2", "0", "7.5/10", "5.0", "s"]
    assert table[3].split() == ["quiz1", "1", "0", "1", "-", "1.0", "s"]
    failures = failure_list(outcomes, lambda job: f"logs/{job.name}.log")
    assert "quiz1/ann: generate_feedback: boom (after 2 attempts" in failures and "logs/quiz1/ann.log" in failures
    assert "lab1" not in failures


def test_a_jobs_log_says_what_happened_and_its_record_holds_the_same_as_data(tmp_path):
    write_log(Outcome(Job("lab1", "ann"), True, 4.25, 10, 10, log="nbgrader says"), tmp_path / "lab1" / "ann.log")
    write_log(Outcome(Job("lab1", "bob"), False, 1.0, error="boom", attempts=2), tmp_path / "lab1" / "bob.log")
    assert (tmp_path / "lab1" / "ann.log").read_text() == "lab1/ann: graded (attempt 1, 4.2 s)\n\nnbgrader says"
    assert (tmp_path / "lab1" / "bob.log").read_text().startswith("lab1/bob: FAILED: boom (attempt 2, 1.0 s)")
    ann, bob = read_records(tmp_path)
    assert ann == {"assignment": "lab1", "student": "ann", "success": True, "attempts": 1, "seconds": 4.25,
                   "score": 10, "max_score": 10, "error": ""}
    assert (bob["success"], bob["attempts"], bob["score"], bob["error"]) == (False, 2, None, "boom")
