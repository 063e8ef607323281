"""Every source notebook passes nbgrader's validator with full marks; every release notebook fails every test."""
import pytest
from nbgrader.validator import Validator

from conftest import ASSIGNMENTS, COURSE
from course_utils.grading import notebooks
from course_utils.grading.config import nbgrader_config


def validate(path, **options):
    """Run nbgrader's validator (the Validate button), configured as the course configures nbgrader, on ``path``.

    A kernel that dies before it answers (a start-up race on a loaded machine, not the notebook's doing) is started
    once more; any other error propagates.
    """
    for attempt in (1, 2):
        try:
            return Validator(config=nbgrader_config(COURSE), **options).validate(str(path))
        except RuntimeError as error:
            if attempt == 2 or "Kernel died before replying" not in str(error):
                raise


def graded_cell_ids(assignment):
    return sorted(notebooks.grade_id(c) for c in notebooks.read(COURSE.notebook("source", assignment)).cells
                  if notebooks.nbgrader_meta(c).get("grade"))


@pytest.mark.slow
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_validates_with_full_marks(assignment):
    path = COURSE.notebook("source", assignment)
    results = validate(path, validate_all=True)
    problems = "\n\n".join(f"{item['source'][:300]}\n-> {item.get('raw_error', '')[-1500:]}"
                           for item in results.get("failed", []) + results.get("changed", []))
    # A graded cell scoring below its points would be listed as failed: an empty result means full marks.
    assert graded_cell_ids(assignment), f"{path.name} has no graded cells"
    assert results == {}, f"{path.name} does not validate (validate_all: any error or stderr counts):\n{problems}"
