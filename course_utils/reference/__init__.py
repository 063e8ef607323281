"""Reference implementations that the hidden tests compare student answers with (instructor only).

Not part of the wheel a student installs, never copied into ``release/``.
"""
