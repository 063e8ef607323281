"""Data sets for the labs, one module per kind; import them from here: ``from course_utils import data``.

Everything is generated from a seed or shipped inside the package: nothing is downloaded.
"""
from .blobs import FOUR_BLOB_CENTERS, four_blobs, make_blobs, split

__all__ = ["FOUR_BLOB_CENTERS", "four_blobs", "make_blobs", "split"]
