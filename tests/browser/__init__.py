"""Browser tests: the course as students and instructors use it, in JupyterLab in headless Chromium."""
