"""What a remote (Dask) grading job ships: the course configuration, the assignment's source folder and the
student's submission, and nothing else of the course (no gradebook, no other student's work)."""
from course_utils.grading.classgrade.jobs import Job
from course_utils.grading.classgrade.remote import bundle
from course_utils.grading.course import Course


def test_a_job_ships_only_what_grading_it_needs(tmp_path):
    for path, text in {"nbgrader_config.py": "c = get_config()", "gradebook.db": "secret grades",
                       "source/lab1/lab1.ipynb": "{}", "source/lab1/data.csv": "1,2",
                       "source/lab2/lab2.ipynb": "{}", "submitted/ann/lab1/lab1.ipynb": "{\"ann\": 1}",
                       "submitted/bob/lab1/lab1.ipynb": "{\"bob\": 1}", "autograded/ann/lab1/lab1.ipynb": "{}"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    files = bundle(Course(tmp_path), Job("lab1", "ann"))
    assert sorted(files) == ["nbgrader_config.py", "source/lab1/data.csv", "source/lab1/lab1.ipynb",
                             "submitted/ann/lab1/lab1.ipynb"]
    assert files["submitted/ann/lab1/lab1.ipynb"] == b'{"ann": 1}'
