"""Developer tools, for whoever changes the course: mutation testing of the labs' tests, the surprise gap, the
benchmarks, grading answer variants in process, and the labs' test material (tests/labs/<assignment>/). Not part of
the wheel a student installs; run them with ``python -m course_utils.develop <command>`` (``make mutation``,
``make surprise-gap``, ``make benchmark``, ``make benchmark-grading``)."""
