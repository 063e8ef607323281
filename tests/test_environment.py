"""The pins: pyproject.toml and environment.yml agree, and the installed environment matches them."""
import tomllib
from importlib.metadata import PackageNotFoundError, version

import yaml
from packaging.requirements import Requirement

from conftest import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
CONDA_ENV = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())


def pyproject_requirements():
    project = PYPROJECT["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["dev"]]


def conda_pip_section():
    return next(item["pip"] for item in CONDA_ENV["dependencies"] if isinstance(item, dict) and "pip" in item)


def normalized(requirement):
    return (requirement.name.lower().replace("_", "-"), str(requirement.specifier), str(requirement.marker or ""))


def test_every_dependency_is_pinned_exactly():
    loose = [str(r) for r in pyproject_requirements() if not str(r.specifier).startswith("==")]
    assert not loose, f"these requirements are not pinned with ==: {loose}"


def test_environment_yml_installs_the_pyproject_pins():
    conda = sorted(normalized(Requirement(line)) for line in conda_pip_section() if not line.startswith("-"))
    pyproject = sorted(normalized(r) for r in pyproject_requirements())
    assert conda == pyproject, (
        "environment.yml's pip section and pyproject.toml disagree:\n"
        f"  only in environment.yml: {sorted(set(conda) - set(pyproject))}\n"
        f"  only in pyproject.toml:  {sorted(set(pyproject) - set(conda))}")
    assert "--editable ." in conda_pip_section(), "environment.yml must install the course package itself"


def test_environment_yml_python_matches_requires_python():
    pythons = [item for item in CONDA_ENV["dependencies"] if isinstance(item, str) and item.startswith("python")]
    assert pythons == ["python=3.11"]
    assert PYPROJECT["project"]["requires-python"] == "==3.11.*"


def test_installed_versions_match_the_pins():
    mismatched = []
    for requirement in pyproject_requirements():
        if requirement.marker and not requirement.marker.evaluate():
            continue
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed not in requirement.specifier:
            mismatched.append(f"{requirement.name}: pinned {requirement.specifier}, installed {installed}")
    assert not mismatched, "the environment does not match the pins (re-run `make`):\n" + "\n".join(mismatched)
