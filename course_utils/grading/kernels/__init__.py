"""How grading kernels start: every one sandboxed, forked from a template that has imported TensorFlow where the
machine allows it (:mod:`.forked`, whose template is :mod:`.fork_template` and whose sandbox is made by the system
calls of :mod:`.isolation`), in bubblewrap elsewhere (:mod:`.sandbox`, which runs :mod:`.sandbox_exec` inside it);
both are jupyter_client kernel provisioners named by the kernelspecs in ``jupyter/kernels/``. The grader talks to
them with :mod:`.client`. The threat model: docs/security.md.

Which one is :class:`GradingKernels`: configurable traits, read once per process from the course's configuration,
whose defaults are the instructor's environment (the only place it is read).
"""
import os

from traitlets import Bool, Unicode, default
from traitlets.config import Configurable

SANDBOX_ENV = "COURSE_SANDBOX"  # =0: the instructor turns the sandbox off (trusted submissions); an error if required
REQUIRE_ENV = "COURSE_REQUIRE_SANDBOX"  # =1 (or CI=true): a sandbox that cannot run is an error
FORK_ENV = "COURSE_FORK_KERNELS"  # =0: no fork-started kernels (each kernel starts in bubblewrap)


class GradingKernels(Configurable):
    """Which kernel grades. Set in nbgrader_config.py (``c.GradingKernels.fork = True``) or by the environment."""

    sandbox = Bool(help=f"Grade in the sandbox (off: trusted submissions only; default: on unless {SANDBOX_ENV}=0)"
                   ).tag(config=True)
    require_sandbox = Bool(help=f"A sandbox that cannot run is an error, not a warning (default: CI=true or "
                                f"{REQUIRE_ENV}=1)").tag(config=True)
    bwrap = Unicode("bwrap", help="The bubblewrap program: a name looked up on PATH, or a path").tag(config=True)
    fork = Bool(help=f"Fork sandboxed kernels from a template that has imported TensorFlow, where the machine allows "
                     f"it (default: on unless {FORK_ENV}=0)").tag(config=True)

    @default("sandbox")
    def _sandbox_default(self):
        return os.environ.get(SANDBOX_ENV, "") != "0"

    @default("require_sandbox")
    def _require_default(self):
        return os.environ.get("CI", "").lower() == "true" or os.environ.get(REQUIRE_ENV, "") == "1"

    @default("fork")
    def _fork_default(self):
        return os.environ.get(FORK_ENV, "") != "0"


def check(settings=None, students=()):
    """The lines that say how kernels grade under ``settings`` (default: this environment's): the sandbox (forked
    kernels sandbox themselves and need no bubblewrap), then forking. Raises sandbox.SandboxUnavailable when no
    launcher can sandbox kernels here and the sandbox is required, or any of ``students`` (those about to be graded)
    is not a bundled sample student."""
    from . import forked, sandbox

    settings = settings or GradingKernels()
    if forked.active(settings):
        works, detail = sandbox.available(settings)
        fallback = "bubblewrap" if works else f"no sandbox: {sandbox.REFUSAL} ({detail})"
        return [f"Grading sandbox: ON (each kernel sandboxed as it is forked, as a uid of its own; where forking "
                f"fails: {fallback}): no network, nothing but the Python environment and its own empty folder in "
                f"sight, writes only there and in a private /tmp; limits {sandbox.Limits().summary()}",
                forked.status(settings)]
    return [sandbox.check(settings, students), forked.status(settings)]


def configure(c, hidden):
    """Make nbgrader grade with the kernels ``c`` (a traitlets Config) asks for; ``hidden``: folders the sandbox
    must not see."""
    from . import forked, sandbox
    from .client import GradingKernelClient

    sandbox.configure(c, hidden)
    forked.configure(c)
    c.AsyncKernelManager.client_factory = GradingKernelClient
