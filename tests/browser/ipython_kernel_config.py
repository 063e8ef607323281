"""Kernel config of the browser tests' JupyterLab server (copied into its IPYTHONDIR profile).

Run All sends every cell's execute request at once and relies on the kernel to cancel the requests after a failing
cell. ipykernel 7 cancels only the requests already forwarded by its shell-channel thread when the error happens: it
then posts a "stop aborting" marker at once and ignores ``stop_on_error_timeout``. On a busy machine a request that
reaches the kernel a moment after the error therefore runs, and the tests would see cells run past the error. Here the
marker is posted ``stop_on_error_timeout`` seconds late, which gives the setting its documented meaning again: requests
that arrive within that window after an error are cancelled.

The kernels also load figure_facts.py (copied beside this file), which describes every figure a notebook shows.
"""
import os
import sys

from ipykernel.kernelbase import Kernel

_post_stop_aborting = Kernel._post_dummy_stop_aborting_message


def _post_stop_aborting_after_timeout(kernel, subshell_id):
    kernel.shell_channel_thread.io_loop.call_later(kernel.stop_on_error_timeout, _post_stop_aborting, kernel,
                                                   subshell_id)


Kernel._post_dummy_stop_aborting_message = _post_stop_aborting_after_timeout
c = get_config()  # noqa: F821 (IPython's config loader defines it)
c.Kernel.stop_on_error_timeout = 2.0
sys.path.append(os.path.dirname(__file__))
c.InteractiveShellApp.extensions = ["figure_facts"]
