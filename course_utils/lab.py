"""Start a lab the same way every time: quiet TensorFlow logs and fixed seeds."""
import os

# Set before TensorFlow is imported: no C++ log noise, and no oneDNN reordering of float sums, so
# the numbers a lab prints are the ones its reference values were made with.
QUIET_TF_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def setup_lab(seed=0):
    """Quiet TensorFlow, seed Python, NumPy and TensorFlow, make TF ops deterministic, and have ``model.fit`` record
    the rows it trains on (the tests check that held-out data stays held out).

    Call it in a lab's first code cell, before anything imports TensorFlow.
    """
    for name, value in QUIET_TF_ENV.items():
        os.environ.setdefault(name, value)
    import keras
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()

    from .training import record_fit_rows

    record_fit_rows()
