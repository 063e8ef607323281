"""Training helpers for the labs: progress that reads well in a notebook, and a record of what ``fit`` trained on."""
import functools
import weakref

import keras
import numpy as np


class EpochProgress(keras.callbacks.Callback):
    """Print one short line every ``every`` epochs (and after the last) instead of Keras's per-batch bars.

    Use with ``model.fit(..., verbose=0, callbacks=[EpochProgress()])``.
    """

    def __init__(self, every=5, name="model"):
        super().__init__()
        self.every = every
        self.name = name

    def on_epoch_end(self, epoch, logs=None):
        total = self.params.get("epochs", epoch + 1)
        if (epoch + 1) % self.every == 0 or epoch + 1 == total:
            metrics = "  ".join(f"{key} {value:.4f}" for key, value in (logs or {}).items())
            print(f"{self.name}: epoch {epoch + 1:>3}/{total}  {metrics}", flush=True)


_ROWS_SEEN = weakref.WeakKeyDictionary()  # model -> digests of the rows its fit calls trained on


def row_digests(x):
    """A digest of every row of ``x`` (as float32, so a copy in another float type matches), or None when ``x`` is not
    an array of rows (a tf.data pipeline, a generator)."""
    try:
        rows = np.asarray(x, dtype=np.float32)
    except (TypeError, ValueError):
        return None
    if rows.ndim == 0:
        return None
    return {hash(row.tobytes()) for row in np.ascontiguousarray(rows.reshape(len(rows), -1))}


def rows_seen_by_fit(model):
    """The digests of every row ``model.fit`` has trained ``model`` on, or None when nothing was recorded."""
    return _ROWS_SEEN.get(model)


def record_fit_rows():
    """Make ``keras.Model.fit`` remember the rows it trains each model on, so that a check can tell whether held-out
    data was trained on (``checks.check_not_trained_on``). ``setup_lab`` calls it; calling it again changes nothing."""
    fit = keras.Model.fit
    if getattr(fit, "records_rows", False):
        return

    @functools.wraps(fit)
    def fit_recording_rows(self, x=None, y=None, *args, **kwargs):
        digests = row_digests(x)
        if digests is not None:
            _ROWS_SEEN.setdefault(self, set()).update(digests)
        return fit(self, x, y, *args, **kwargs)

    fit_recording_rows.records_rows = True
    keras.Model.fit = fit_recording_rows
