"""Training helpers for the labs: progress that reads well in a notebook."""
import keras


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
