"""How often do key steps appear in the question? A count on the synthetic data.

The code lives in the installed module ``stepgrpo_trl.demo.question_key_steps`` (its
docstring has the options and examples); this script keeps the documented command line::

    python examples/key_steps_in_question.py --help
"""

from stepgrpo_trl.demo.question_key_steps import main

if __name__ == "__main__":
    raise SystemExit(main())
