"""A lab's own test material, in its folder ``tests/labs/<assignment>/``, and the answer fixtures among it: code that
replaces one answer cell of the perfect submission of a lab or quiz.

``wrong_answers/<answer grade_id>--<mistake>.py`` holds typical mistakes (each must lose points:
tests/test_answer_fixtures.py; the surprise gap measures which of them the public checks miss, ``public_gap.yaml``
lists them), ``right_answers/<answer grade_id>--<style>.py`` correct answers in other styles (each must keep its
points: tests/test_answer_fixtures.py). A fixture's leading comment says what it does; a right answer that may
lose a cell's points says so in ``# expect-lost: <test cell grade_id>`` and ``# expect-message: <words>`` lines.
"""
from dataclasses import dataclass
from pathlib import Path

LAB_TESTS = Path("tests") / "labs"  # tests/labs/<assignment>/: everything a lab's tests need, in one folder
WRONG_ANSWERS, RIGHT_ANSWERS = "wrong_answers", "right_answers"


@dataclass(frozen=True)
class AnswerFixture:
    path: Path

    @property
    def assignment(self):
        return self.path.parent.parent.name

    @property
    def answer_id(self):
        """The grade_id of the answer cell this fixture replaces."""
        return self.path.stem.split("--")[0]

    @property
    def name(self):
        return self.path.stem

    @property
    def student_id(self):
        """The id of the student who hands it in: wrong_... or right_..., made of the file name."""
        kind = self.path.parent.name.split("_")[0]
        return f"{kind}_" + self.path.stem.replace("--", "__").replace("-", "_")

    def header(self, key):
        """The values of the fixture's ``# key: value`` comment lines."""
        prefix = f"# {key}:"
        return [line[len(prefix):].strip() for line in self.path.read_text().split("\n") if line.startswith(prefix)]

    def __str__(self):
        return f"{self.assignment}/{self.name}"


def answer_fixtures(root, corpus, assignment="*"):
    """The fixtures of ``corpus`` (WRONG_ANSWERS or RIGHT_ANSWERS) in the course at ``root``, in name order."""
    return [AnswerFixture(path) for path in sorted((Path(root) / LAB_TESTS).glob(f"{assignment}/{corpus}/*.py"))]


def lab_files(root, name):
    """{assignment: the parsed YAML file ``tests/labs/<assignment>/<name>``} for every lab that has one."""
    import yaml

    return {path.parent.name: yaml.safe_load(path.read_text()) or {}
            for path in sorted((Path(root) / LAB_TESTS).glob(f"*/{name}"))}
