"""Two interleaved half-moons in the plane: a binary data set that no straight line separates."""
import numpy as np


def two_moons(n_samples=1000, noise=0.2, seed=11):
    """Two classes shaped like interleaving half-circles, with Gaussian noise of standard deviation ``noise``.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half-circle shifted right by 1 and down by
    0.5, so each moon reaches into the other's hollow. The classes are balanced (class 0 gets the extra point when
    ``n_samples`` is odd). Returns ``X`` of shape (n_samples, 2) as float32 and labels ``y`` of shape (n_samples,)
    as int64 (0 or 1), shuffled with the same seed.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n_samples) % 2
    angles = rng.uniform(0.0, np.pi, size=n_samples)
    upper = np.column_stack([np.cos(angles), np.sin(angles)])
    lower = np.column_stack([1.0 - np.cos(angles), 0.5 - np.sin(angles)])
    points = np.where(labels[:, None] == 0, upper, lower) + rng.normal(scale=noise, size=(n_samples, 2))
    order = rng.permutation(n_samples)
    return points[order].astype(np.float32), labels[order].astype(np.int64)
