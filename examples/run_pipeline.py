"""The whole pipeline on CPU: data, SFT, StepGRPO, evaluation, figures.

The code lives in the installed module ``stepgrpo_trl.demo.pipeline`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/run_pipeline.py --help
"""

import sys

from stepgrpo_trl.demo.pipeline import main

if __name__ == "__main__":
    sys.exit(main())
