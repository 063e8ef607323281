"""docs/course-outline.md, which the README links, gives every section of the week a home that exists, and every
assignment a section."""
import re

from conftest import ASSIGNMENTS, REPO_ROOT

OUTLINE = REPO_ROOT / "docs" / "course-outline.md"


def test_the_outline_names_exactly_the_course_assignments():
    named = set(re.findall(r"`((?:lab\d+|practice_lab|quiz\d+)_\w+)`", OUTLINE.read_text()))
    assert named == set(ASSIGNMENTS), (f"in the outline but not in source/: {sorted(named - set(ASSIGNMENTS))}; "
                                       f"in source/ but not in the outline: {sorted(set(ASSIGNMENTS) - named)}")


def test_every_section_has_a_home():
    items = []  # each "- " item with its continuation lines
    for line in OUTLINE.read_text().split("\n"):
        if line.lstrip().startswith("- "):
            items.append(line)
        elif items and line.startswith("     "):
            items[-1] += " " + line.strip()
    assert items and all("→" in item for item in items), [item for item in items if "→" not in item]

