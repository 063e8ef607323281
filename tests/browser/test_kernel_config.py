"""The test server's kernel config: a request that arrives shortly after a failing cell is cancelled, as Run All
needs, and one that arrives after the window runs."""
import time

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import grading_env
from .lab_server import install_kernel_config


@pytest.fixture
def kernel(tmp_path):
    env = {**grading_env(), "IPYTHONDIR": str(install_kernel_config(tmp_path / "ipython"))}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    yield client
    client.stop_channels()
    manager.shutdown_kernel(now=True)


def _statuses(client, delay):
    failing = client.execute("raise ValueError('the failing cell')")
    time.sleep(delay)
    following = client.execute("print('the next cell')")
    statuses = {}
    while len(statuses) < 2:
        reply = client.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") in (failing, following):
            statuses[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
    return statuses[failing], statuses[following]


@pytest.mark.slow
def test_a_request_arriving_just_after_an_error_is_cancelled(kernel):
    # Without the config, ipykernel 7 runs a request that arrives 0.5 s after the error.
    assert _statuses(kernel, delay=0.5) == ("error", "aborted")


@pytest.mark.slow
def test_a_request_arriving_after_the_window_runs(kernel):
    assert _statuses(kernel, delay=3.0) == ("error", "ok")
