"""Scores a trained model on held-out problems and compares reports.

The code lives in the installed module ``stepgrpo_trl.demo.evaluate`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/eval_stepgrpo.py --help
"""

import sys

from stepgrpo_trl.demo.evaluate import main

if __name__ == "__main__":
    sys.exit(main())
