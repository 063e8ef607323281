"""Checks on the figures a notebook shows, made on the PNG images themselves.

* :func:`blank_reason`: a figure is *blank* when it is tiny or almost nothing in it differs from its background
  (an empty figure, a white or one-coloured image). The labs' sparsest figure has about 4% of its pixels inked.
* :func:`baseline_difference`: a figure is compared with a stored *baseline*, a small grey thumbnail of how it
  looked when it was last approved, with a tolerance: the share of inked places that changed. That catches a plot
  whose axes stayed but whose data vanished, which has too much ink to be called blank.
* :func:`lacks`: what a figure lacks to be read (a title, axis labels, a legend where it helps), from what
  figure_facts.py recorded of it in the kernel.
"""
import base64
import io

import matplotlib.image as mpimg
import numpy as np

INK_CONTRAST = 0.1     # a pixel is ink when one of its channels differs from the background by more than this (0-1)
MIN_INK_SHARE = 0.01   # a figure with less ink than this share of its pixels is blank
MIN_SIDE = 50          # pixels; a smaller image is no readable figure
THUMBNAIL_BLOCK = 4    # a thumbnail pixel is the mean of a block of this many pixels squared
CHANGE_CONTRAST = 0.2  # a thumbnail pixel changed when it differs from the baseline by more than this
BASELINE_TOLERANCE = 0.1  # at most this share of the inked thumbnail pixels may change


def png_bytes(data_url):
    """The PNG file inside a ``data:image/png;base64,`` URL (how JupyterLab shows a figure)."""
    header, _, encoded = data_url.partition(",")
    if not header.startswith("data:image/png;base64"):
        raise ValueError(f"not an inline PNG image: {header[:40]!r}")
    return base64.b64decode(encoded)


def decode_png(data):
    """The RGB pixels of PNG ``data`` (bytes, or a ``data:image/png;base64,`` URL) as floats in [0, 1]."""
    if isinstance(data, str):
        data = png_bytes(data)
    pixels = mpimg.imread(io.BytesIO(data), format="png")
    if pixels.dtype == np.uint8:
        pixels = pixels / 255.0
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    rgb, alpha = pixels[..., :3], pixels[..., 3:] if pixels.shape[-1] == 4 else None
    if alpha is not None:  # transparent parts show the white page behind them
        rgb = rgb * alpha + (1 - alpha)
    return np.asarray(rgb, dtype=float)


def background(rgb):
    """The most common colour of the image."""
    colours, counts = np.unique((rgb * 255).round().astype(np.uint8).reshape(-1, 3), axis=0, return_counts=True)
    return colours[np.argmax(counts)] / 255.0


def ink_share(rgb):
    """The share of pixels that differ from the background colour (drawn on)."""
    return float(np.mean(np.abs(rgb - background(rgb)).max(axis=-1) > INK_CONTRAST))


def blank_reason(rgb):
    """Why the image is no figure worth the name (None when it is one)."""
    height, width = rgb.shape[:2]
    if min(height, width) < MIN_SIDE:
        return f"it is only {width}x{height} pixels"
    share = ink_share(rgb)
    if share < MIN_INK_SHARE:
        return f"only {share:.2%} of its pixels differ from the background (a figure has at least {MIN_INK_SHARE:.0%})"
    return None


def thumbnail(rgb):
    """A grey image THUMBNAIL_BLOCK times smaller on each side: block means, so a one-pixel shift barely shows."""
    grey = rgb.mean(axis=-1)
    height, width = (side // THUMBNAIL_BLOCK * THUMBNAIL_BLOCK for side in grey.shape)
    blocks = grey[:height, :width].reshape(height // THUMBNAIL_BLOCK, THUMBNAIL_BLOCK,
                                           width // THUMBNAIL_BLOCK, THUMBNAIL_BLOCK)
    return blocks.mean(axis=(1, 3))


def read_thumbnail(path):
    return np.asarray(mpimg.imread(path), dtype=float)[..., 0]


def write_thumbnail(path, thumb):
    path.parent.mkdir(parents=True, exist_ok=True)
    mpimg.imsave(path, np.repeat(np.clip(thumb, 0, 1)[..., None], 3, axis=-1))


def baseline_difference(rgb, baseline):
    """The share of inked thumbnail pixels (in either image) that changed from the ``baseline`` thumbnail; 1.0
    when the sizes differ."""
    current = thumbnail(rgb)
    if current.shape != baseline.shape:
        return 1.0
    inked = (np.abs(current - 1.0) > INK_CONTRAST) | (np.abs(baseline - 1.0) > INK_CONTRAST)
    changed = np.abs(current - baseline) > CHANGE_CONTRAST
    return float(changed.sum() / max(inked.sum(), 1))


def lacks(facts):
    """What a figure described by figure_facts.py lacks (empty when it lacks nothing)."""
    problems = []
    plots = [ax for ax in facts["axes"] if not ax["colorbar"]]
    if not facts["suptitle"] and not all(ax["title"] for ax in plots):
        problems.append("no title (neither a figure title nor one on every panel)")
    for number, ax in enumerate(facts["axes"], start=1):
        name = f"colour bar {number}" if ax["colorbar"] else f"panel {number} ({ax['title'] or 'untitled'})"
        if ax["colorbar"]:
            if not (ax["xlabel"] or ax["ylabel"]):
                problems.append(f"{name} does not say what its colours mean (no label)")
            continue
        if ax["x_ticks"] and not ax["xlabel"]:
            problems.append(f"{name}: the x axis has numbers but no label")
        if ax["y_ticks"] and not ax["ylabel"]:
            problems.append(f"{name}: the y axis has numbers but no label")
    has_legend = facts["figure_legends"] > 0 or any(ax["legend"] for ax in plots)
    crowded = [number for number, ax in enumerate(facts["axes"], start=1) if ax["labelled"] >= 2]
    if crowded and not has_legend:
        problems.append(f"panels {crowded} draw several labelled things but the figure has no legend")
    return problems
