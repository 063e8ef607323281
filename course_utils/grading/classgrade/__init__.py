"""Grade a whole class: every (assignment, student) pair handed in, in parallel, each in a fresh kernel.

* :mod:`.jobs` finds the pairs in ``submitted/``;
* :mod:`.prepare` readies the gradebook before any job starts (schema, assignments, students);
* :mod:`.grader` grades one pair with nbgrader's Python API (autograde, then feedback), in a long-lived worker;
* :mod:`.cluster` runs the jobs on a Dask cluster: a LocalCluster on this machine's cores, or one already running;
* :mod:`.progress` and :mod:`.summary` report as it goes and at the end;
* :mod:`.command` is the ``grade`` command that ties them together.
"""
