"""``python -m stepgrpo_rewards``: the ``stepgrpo-score`` command line."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
