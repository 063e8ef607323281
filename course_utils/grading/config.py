"""The course's nbgrader configuration, as nbgrader itself reads it."""
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader


def nbgrader_config(course):
    """The traitlets Config that the course's nbgrader_config.py sets."""
    return PyFileConfigLoader("nbgrader_config.py", path=str(course.root)).load_config()


def gradebook_url(course):
    return CourseDirectory(config=nbgrader_config(course)).db_url
