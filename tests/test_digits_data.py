"""The practice lab's digits: the shipped file is the one the build script makes, balanced, well formed, split the same
way every time, and inside the student wheel. Nothing here downloads anything."""
import hashlib
import zipfile

import numpy as np
import pytest

from course_utils import data
from course_utils.data import build_digits
from course_utils.data.digits import DIGITS_FILE
from test_student_install import student_python, student_site  # noqa: F401 (student_site is a fixture)

# What `python -m course_utils.data.build_digits` prints; rebuilding the file must reproduce it.
DIGITS_SHA256 = "2210e55dac3e4f7a8546bd48be957e6b4e63d59109522249609362ff32998f46"
RNG = np.random.default_rng(20200)


def test_the_shipped_file_is_the_built_one():
    assert hashlib.sha256(build_digits.OUTPUT.read_bytes()).hexdigest() == DIGITS_SHA256
    assert build_digits.OUTPUT.stat().st_size < 700_000


def test_load_digits_shapes_types_and_range():
    X, y = data.load_digits()
    assert X.shape == (5000, 400) and X.dtype == np.float32
    assert y.shape == (5000,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.bincount(y).tolist() == [500] * 10


def test_digits_have_their_ink_in_the_middle():
    X, _ = data.load_digits()
    images = X.reshape(-1, *data.DIGIT_SHAPE)
    border = np.concatenate([images[:, 0, :], images[:, -1, :], images[:, :, 0], images[:, :, -1]], axis=1)
    assert border.mean() < 0.01 and images[:, 7:13, 7:13].mean() > 2.5 * images.mean()


def test_load_digits_is_deterministic():
    X, y = data.load_digits()
    X_again, y_again = data.load_digits()
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)


def test_digits_split_is_stratified_deterministic_and_disjoint():
    X_train, X_test, y_train, y_test = data.digits_split(test_fraction=0.2)
    assert X_train.shape == (4000, 400) and X_test.shape == (1000, 400)
    assert np.bincount(y_train).tolist() == [400] * 10 and np.bincount(y_test).tolist() == [100] * 10
    for part, again in zip((X_train, X_test, y_train, y_test), data.digits_split(test_fraction=0.2)):
        np.testing.assert_array_equal(part, again)
    assert not {row.tobytes() for row in X_train} & {row.tobytes() for row in X_test}
    _, X_test_other, _, _ = data.digits_split(test_fraction=0.2, seed=1)
    assert not np.array_equal(X_test, X_test_other)


def test_resize_matrix_rows_are_weighted_means():
    R = build_digits.resize_matrix(28, 20)
    assert R.shape == (20, 28) and (R >= 0).all()
    np.testing.assert_allclose(R.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(R.sum(axis=0), 20 / 28, atol=1e-12)


def test_resize_keeps_the_mean_intensity():
    images = RNG.uniform(0, 255, size=(5, 28, 28))
    small = build_digits.resize(images)
    assert small.shape == (5, 20, 20)
    np.testing.assert_allclose(small.mean(axis=(1, 2)), images.mean(axis=(1, 2)), rtol=1e-12)


def test_resize_maps_a_constant_image_to_a_constant_image():
    np.testing.assert_allclose(build_digits.resize(np.full((28, 28), 37.5)), np.full((20, 20), 37.5), rtol=1e-12)


def test_resize_of_an_integer_factor_is_block_averaging():
    image = RNG.uniform(size=(8, 8))
    blocks = image.reshape(4, 2, 4, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(build_digits.resize(image, source=8, target=4), blocks, rtol=1e-12)


def test_save_npz_is_byte_for_byte_reproducible(tmp_path):
    images = RNG.integers(0, 256, size=(6, 20, 20), dtype=np.uint8)
    labels = np.arange(6, dtype=np.uint8)
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    build_digits.save_npz(first, images=images, labels=labels)
    build_digits.save_npz(second, images=images, labels=labels)
    assert first.read_bytes() == second.read_bytes()
    with np.load(first) as stored:
        np.testing.assert_array_equal(stored["images"], images)
        np.testing.assert_array_equal(stored["labels"], labels)


def test_student_wheel_ships_the_digits(student_site):  # noqa: F811 (the fixture imported above)
    wheel, site = student_site
    assert f"course_utils/data/{DIGITS_FILE}" in zipfile.ZipFile(wheel).namelist()
    result = student_python(site, "from course_utils import data; import course_utils.data.digits as d; "
                                  "X, y = data.load_digits(); print(d.__file__, X.shape, int(y.sum()))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site)) and "(5000, 400) 22500" in result.stdout
