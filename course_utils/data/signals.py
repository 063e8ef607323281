"""Signals over time (made on the fly from a seed): an ECG-like trace."""
import numpy as np


def _bump(t, center, width, height):
    return height * np.exp(-0.5 * ((t - center) / width) ** 2)


def ecg_like(seconds=4.0, rate=100, beat_interval=0.8, noise=0.03, seed=11):
    """A synthetic ECG-like trace: heartbeats (P wave, QRS spike, T wave) on a slowly wandering baseline, plus noise.

    Returns ``time`` in seconds and the ``signal``, both of shape (seconds * rate,), float64. The beats are a little
    irregular (the interval varies by a few per cent), so they do not sit at fixed positions.
    """
    rng = np.random.default_rng(seed)
    time = np.arange(int(round(seconds * rate))) / rate
    signal = 0.1 * np.sin(2 * np.pi * 0.25 * time + rng.uniform(0, 2 * np.pi))
    beat = rng.uniform(0.1, 0.4)
    while beat < seconds + 0.5:
        for offset, width, height in ((-0.18, 0.025, 0.12), (-0.03, 0.01, -0.12), (0.0, 0.012, 1.0),
                                      (0.03, 0.01, -0.25), (0.22, 0.045, 0.3)):
            signal += _bump(time, beat + offset, width, height)
        beat += beat_interval * rng.uniform(0.92, 1.08)
    return time, signal + rng.normal(scale=noise, size=time.shape)
