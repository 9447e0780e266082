"""StepGRPO training with TRL's GRPOTrainer and the rewards of stepgrpo_trl.

The code lives in the installed module ``stepgrpo_trl.demo.train`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/train_stepgrpo.py --help
"""

from stepgrpo_trl.demo.train import main

if __name__ == "__main__":
    main()
