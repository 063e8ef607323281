"""What a student installs (the course wheel) holds the lab helpers but no reference answers or grading tools."""
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from conftest import REPO_ROOT

INSTRUCTOR_ONLY = ("course_utils.reference", "course_utils.grading", "course_utils.develop")


@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    """course_utils installed from its wheel, the way the README tells students, into an empty folder."""
    work = tmp_path_factory.mktemp("student")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(work / "wheels"), str(REPO_ROOT)], check=True, capture_output=True)
    (wheel,) = (work / "wheels").glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(work / "site"),
                    str(wheel)], check=True, capture_output=True)
    return wheel, work / "site"


def test_wheel_leaves_out_reference_and_grading_code(student_site):
    wheel, _ = student_site
    names = zipfile.ZipFile(wheel).namelist()
    assert "course_utils/checks.py" in names and "course_utils/plots/__init__.py" in names
    folders = tuple(module.replace(".", "/") for module in INSTRUCTOR_ONLY)
    leaked = [name for name in names if name.startswith(folders)]
    assert not leaked, f"the student wheel ships instructor-only files: {leaked}"


def student_python(site, code):
    """Run ``code`` with only the student install and the third-party packages on the path (no editable course)."""
    third_party = sysconfig.get_paths()["purelib"]
    # -S: no site-packages processing, so the instructor's editable install (a .pth finder) is not active.
    bootstrap = f"import sys; sys.path[:0] = [{str(site)!r}]; sys.path.append({third_party!r}); "
    return subprocess.run([sys.executable, "-S", "-c", bootstrap + code], capture_output=True, text=True)


def test_student_install_imports_the_lab_helpers(student_site):
    _, site = student_site
    result = student_python(site, "import course_utils.checks, course_utils.data, course_utils.lab; "
                                  "print(course_utils.checks.__file__)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site))


@pytest.mark.parametrize("module", INSTRUCTOR_ONLY)
def test_reference_and_grading_code_are_not_importable_by_students(student_site, module):
    _, site = student_site
    result = student_python(site, f"import {module}")
    assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr, (
        f"`import {module}` worked from the student install:\n{result.stdout}{result.stderr}")
