"""Builds a tiny, randomly initialised Qwen2-VL-style model and its processor.

The code lives in the installed module ``stepgrpo_trl.demo.tiny_model`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/make_tiny_model.py --help
"""

import sys

from stepgrpo_trl.demo.tiny_model import main

if __name__ == "__main__":
    sys.exit(main())
