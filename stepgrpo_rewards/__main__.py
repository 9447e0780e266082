"""``python -m stepgrpo_rewards``: the ``stepgrpo-score`` command line."""

from .cli import console_main

if __name__ == "__main__":
    console_main()
