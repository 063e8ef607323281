"""The instructor's round in nbgrader's Formgrader, inside JupyterLab: generate an assignment's student version, then
autograde the sample submissions and read their grades off the Manage Submissions page. The assignment is a quiz:
the quickest to autograde (the round, not the labs, is tested here; tests/test_main_job.py grades every lab)."""
import pytest
from playwright.sync_api import expect

from conftest import COURSE
from course_utils.grading import notebooks, samples
from .conftest import start_lab

ASSIGNMENT = "quiz1_training"
pytestmark = pytest.mark.slow


def hand_in_samples(course):
    """Put the sample students' submissions of ASSIGNMENT in submitted/ (as `nbgrader collect` would), then remove the
    assignment's student version, which the instructor generates in the test."""
    source_nb = notebooks.read(course.notebook("source", ASSIGNMENT))
    release_nb = notebooks.read(course.notebook("release", ASSIGNMENT))
    for student in samples.SAMPLE_STUDENTS:
        notebooks.write(samples.make_submission(student, source_nb, release_nb),
                        course.notebook("submitted", ASSIGNMENT, student.student_id))
    course.notebook("release", ASSIGNMENT).unlink()


@pytest.fixture(scope="module")
def instructor_lab(tmp_path_factory):
    course, server = start_lab(tmp_path_factory, "instructor", [ASSIGNMENT], prepare=hand_in_samples)
    yield course, server
    server.stop()


def close_modal(formgrader):
    """Close Formgrader's message box and wait until it is gone; return what it said."""
    modal = formgrader.locator(".modal-dialog")
    modal.wait_for(timeout=300_000)  # autograding one submission takes seconds; allow a slow, busy machine
    text = modal.locator(".modal-body").inner_text()
    modal.locator(".modal-footer button").last.click()
    modal.wait_for(state="detached")
    return text


def test_formgrader_generates_the_assignment_and_shows_the_sample_grades(instructor_lab, notebook_page, artifacts):
    course, server = instructor_lab
    page = notebook_page(server).page
    page.goto(server.url("lab"))
    page.locator("#jp-main-dock-panel").wait_for()
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    page.get_by_role("menuitem", name="Formgrader", exact=True).click()
    formgrader = page.frame_locator("iframe")  # Formgrader opens in a JupyterLab tab, as an embedded page

    assignment_row = formgrader.locator("tr", has=formgrader.locator("td.name", has_text=ASSIGNMENT))
    assignment_row.locator("td.assign a").click()  # the "Generate" button
    message = close_modal(formgrader)
    assert f"Successfully created the student version of '{ASSIGNMENT}'" in message, message
    # The committed student version is proven leak-free and in step with source/ (tests/test_release.py): the one
    # Formgrader generated must be the same.
    generated = [cell.source for cell in notebooks.read(course.notebook("release", ASSIGNMENT)).cells]
    assert generated == [cell.source for cell in notebooks.read(COURSE.notebook("release", ASSIGNMENT)).cells], (
        "Formgrader generated a student version that differs from the committed release/")

    assignment_row.locator("td.num-submissions a").click()  # Manage Submissions of the assignment
    rows = formgrader.locator("tbody tr", has=formgrader.locator("td.student-id"))
    expect(rows).to_have_count(len(samples.SAMPLE_STUDENTS))
    students = rows.locator("td.student-id").all_inner_texts()
    assert sorted(students) == sorted(student.student_id for student in samples.SAMPLE_STUDENTS)
    for student_id in students:
        row = formgrader.locator("tbody tr", has=formgrader.locator("td.student-id", has_text=student_id))
        row.locator("td.autograde a").click()
        message = close_modal(formgrader)
        assert f"Successfully autograded '{ASSIGNMENT}' for student '{student_id}'" in message, message

    source_nb = notebooks.read(course.notebook("source", ASSIGNMENT))
    total = notebooks.total_points(source_nb)
    expected = {student.student_id: f"{student.expected_score(source_nb):g} / {total:g}"
                for student in samples.SAMPLE_STUDENTS}
    shown = {}
    for student_id in students:
        score = formgrader.locator("tbody tr", has=formgrader.locator("td.student-id", has_text=student_id)).locator(
            "td.score")
        score.filter(has_text="/").wait_for()
        shown[student_id] = score.inner_text().strip()
    page.screenshot(path=str(artifacts / "formgrader-grades.png"))
    assert shown == expected, f"Formgrader shows these grades: {shown}; the samples earn {expected}"
