"""The code behind ``examples/``: the synthetic dataset, the tiny model, the training,
SFT and evaluation scripts, the reward ablation and the CPU pipeline.

Each module is the body of the script of the same job in ``examples/`` (which only calls its
``main``), so that scripts and tests import it from the installed package instead of from
files next to them. Nothing is imported here: ``import stepgrpo_trl`` needs only the core
dependencies, and the demo modules need torch, PIL, transformers and trl (the ``trl`` extra).
"""
