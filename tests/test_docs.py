"""The documentation in layers: a short README that links to docs/, and no link to a file that is not there."""
import re

import pytest

from conftest import REPO_ROOT

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


def test_the_readme_is_a_first_page():
    size = len((REPO_ROOT / "README.md").read_bytes())
    assert size < 8 * 1024, f"README.md is {size} bytes: move reference material into docs/ (under 8 KB)"


def test_the_readme_links_every_page_of_docs():
    readme = (REPO_ROOT / "README.md").read_text()
    unlinked = [page.name for page in PAGES[1:] if f"](docs/{page.name})" not in readme]
    assert not unlinked, f"docs pages the README does not link: {unlinked}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_resolves(page):
    targets = [target for target, _ in LINK.findall(page.read_text()) if "://" not in target]
    missing = [target for target in targets if not (page.parent / target).exists()]
    assert not missing, f"{page.relative_to(REPO_ROOT)} links to files that do not exist: {missing}"
