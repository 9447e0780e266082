"""Scores a model (or saved responses) on the published benchmarks.

The code lives in the installed module ``stepgrpo_trl.demo.benchmarks`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/eval_benchmarks.py --help
"""

import sys

from stepgrpo_trl.demo.benchmarks import main

if __name__ == "__main__":
    sys.exit(main())
