"""Each lab's own tests, one folder per lab (its assignment id): docs/contributors.md."""
