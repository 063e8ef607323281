"""How grading kernels start: in the grading sandbox (:mod:`.sandbox`, which runs :mod:`.sandbox_exec` inside
bubblewrap), or forked from a template that has imported TensorFlow (:mod:`.forked`, whose template is
:mod:`.fork_template`), where the sandbox is off; both are jupyter_client kernel provisioners named by the kernelspecs in
``jupyter/kernels/``. The threat model: docs/security.md."""
