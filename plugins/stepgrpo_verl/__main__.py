"""``python -m stepgrpo_verl``: print the path to give verl's ``custom_reward_function.path``."""

from __future__ import annotations

import argparse

from stepgrpo_verl import reward_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stepgrpo_verl",
        description="Print the absolute path of the StepGRPO reward file for verl, e.g. "
        "custom_reward_function.path=$(python -m stepgrpo_verl) "
        "custom_reward_function.name=compute_score",
    )
    parser.parse_args(argv)
    print(reward_file())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
