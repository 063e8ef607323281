"""Helpers for the neural-network-training labs: data, plots, lab setup and public-test checks."""
