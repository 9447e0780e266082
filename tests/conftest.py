"""Shared test set-up.

Nothing is put on ``sys.path``: the tests import ``stepgrpo_rewards``, ``stepgrpo_trl`` and the
code behind ``examples/`` (``stepgrpo_trl.demo``) as installed packages, run the example
scripts as subprocesses, and load a benchmark script from its path where they need one.
"""
