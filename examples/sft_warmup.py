"""The SFT warm-up that comes before StepGRPO.

The code lives in the installed module ``stepgrpo_trl.demo.sft`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/sft_warmup.py --help
"""

from stepgrpo_trl.demo.sft import main

if __name__ == "__main__":
    main()
