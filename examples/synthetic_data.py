"""The built-in synthetic dataset: writes images and a JSONL of records.

The code lives in the installed module ``stepgrpo_trl.demo.synthetic_data`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/synthetic_data.py --help
"""

from stepgrpo_trl.demo.synthetic_data import main

if __name__ == "__main__":
    raise SystemExit(main())
