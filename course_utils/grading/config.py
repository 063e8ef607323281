"""The course's nbgrader configuration, as nbgrader itself reads it, and its gradebook."""
from nbgrader.api import Gradebook
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader


def nbgrader_config(course):
    """The traitlets Config that the course's nbgrader_config.py sets."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(course.root)).load_config()


def gradebook_url(course):
    return CourseDirectory(config=nbgrader_config(course)).db_url


def open_gradebook(course, db_url=None):
    """The course's gradebook (or the one at ``db_url``) under the course's id: opened without one, nbgrader's
    Gradebook adds a course "default_course" to it."""
    config = CourseDirectory(config=nbgrader_config(course))
    return Gradebook(db_url or config.db_url, course_id=config.course_id)
