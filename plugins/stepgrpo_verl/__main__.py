"""``python -m stepgrpo_verl``: print the path to give verl's ``custom_reward_function.path``;
with ``--easyr1``, the setting for EasyR1's ``worker.reward.reward_function``."""

from __future__ import annotations

import argparse

from stepgrpo_verl import easyr1_reward_file, reward_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stepgrpo_verl",
        description="Print the absolute path of the StepGRPO reward file for verl, e.g. "
        "custom_reward_function.path=$(python -m stepgrpo_verl) "
        "custom_reward_function.name=compute_score",
    )
    parser.add_argument(
        "--easyr1", action="store_true",
        help="print EasyR1's setting instead, <path>:compute_score, e.g. "
        "worker.reward.reward_function=$(python -m stepgrpo_verl --easyr1)",
    )
    args = parser.parse_args(argv)
    print(f"{easyr1_reward_file()}:compute_score" if args.easyr1 else reward_file())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
