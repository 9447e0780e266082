"""The command line: ``stepgrpo-score`` (`score`) and ``stepgrpo-keysteps`` (`keysteps`),
with the record readers and writers they share (`records`) and the run summary of
``stepgrpo-score`` (`summary`). Nothing in the reward path imports this package.
"""

from .score import console_main, main

__all__ = ["console_main", "main"]
