"""The reward ablation: StepRAR + StepRVR against an outcome reward, on a tiny model.

The code lives in the installed module ``stepgrpo_trl.demo.ablation`` (its docstring has the
options and examples); this script keeps the documented command line::

    python examples/reward_ablation.py --help
"""

from stepgrpo_trl.demo.ablation import main

if __name__ == "__main__":
    raise SystemExit(main())
