"""A new lab is found by everything that covers every lab: a copy of lab3_softmax under a new id, with its own
tests folder, is picked up by every test file that tests each lab (their collected tests name it) and by the tools
that read the labs' test material, with no list to register it in (docs/contributors.md, "Adding a lab")."""
import shutil
import subprocess
import sys

import pytest

from conftest import ASSIGNMENTS, REPO_ROOT
from course_utils.develop import mutation
from course_utils.develop.answer_fixtures import LAB_TESTS, WRONG_ANSWERS, answer_fixtures, lab_files
from course_utils.grading.course import Course

TEMPLATE, NEW = "lab3_softmax", "lab9_softmax_again"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of the repository's course and tests with the new lab added as a copy of the template lab."""
    root = tmp_path_factory.mktemp("new-lab")
    for part in ("source", "release", "tests", "docs"):
        shutil.copytree(REPO_ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("nbgrader_config.py", "pyproject.toml", "environment.yml", "README.md"):
        shutil.copy2(REPO_ROOT / part, root / part)
    for part in ("source", "release"):
        folder = root / part / NEW
        shutil.copytree(root / part / TEMPLATE, folder)
        (folder / f"{TEMPLATE}.ipynb").rename(folder / f"{NEW}.ipynb")
    shutil.copytree(root / LAB_TESTS / TEMPLATE, root / LAB_TESTS / NEW)
    return root


def collected(root):
    """{test file: the node ids pytest collects from it} in ``root``."""
    listing = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                              "-p", "no:xdist"], cwd=root, capture_output=True, text=True)
    assert listing.returncode == 0, listing.stdout[-3000:] + listing.stderr[-3000:]
    files = {}
    for line in listing.stdout.splitlines():
        if "::" in line:
            files.setdefault(line.split("::")[0], []).append(line)
    return files


def test_every_test_file_that_covers_every_lab_covers_the_new_one(scratch):
    files = collected(scratch)
    labs = [assignment for assignment in ASSIGNMENTS if assignment.startswith(("lab", "practice_lab"))]
    covering = [path for path, ids in files.items()
                if all(any(lab in node for node in ids) for lab in labs) and "test_new_lab" not in path]
    assert len(covering) >= 8, f"only {covering} test every lab: is the suite still collected?"
    missing = [path for path in covering if not any(NEW in node for node in files[path])]
    assert not missing, f"test files that test every lab but not a new one (a list somewhere to register it in?): " \
                        f"{missing}"


def test_the_tools_find_the_new_lab_and_its_test_material(scratch):
    course = Course(scratch)
    assert NEW in course.assignments() and NEW in mutation.labs(course)
    template = {answer.name for answer in answer_fixtures(scratch, WRONG_ANSWERS, TEMPLATE)}
    assert {answer.name for answer in answer_fixtures(scratch, WRONG_ANSWERS, NEW)} == template and template
    assert lab_files(scratch, "public_gap.yaml")[NEW] == lab_files(scratch, "public_gap.yaml")[TEMPLATE]
