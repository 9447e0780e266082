"""``python -m stepgrpo_verl``: print the path to give verl's ``custom_reward_function.path``;
with ``--overrides``, the Hydra overrides for the installed verl (one per line); with
``--easyr1``, the setting for EasyR1's ``worker.reward.reward_function``."""

from __future__ import annotations

import argparse
import sys

from stepgrpo_verl import easyr1_reward_file, installed_verl_version, reward_file, verl_overrides


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stepgrpo_verl",
        description="Print the absolute path of the StepGRPO reward file for verl, e.g. "
        "reward.custom_reward_function.path=$(python -m stepgrpo_verl) "
        "reward.custom_reward_function.name=compute_score (verl >= 0.7; no 'reward.' up to 0.6)",
    )
    parser.add_argument(
        "--overrides", action="store_true",
        help="print the Hydra overrides for verl's trainer instead, one per line, in the form "
        "the installed verl reads (verl 0.7 moved them under 'reward.'; 0.9 ignores the old keys)",
    )
    parser.add_argument(
        "--verl-version", metavar="X.Y.Z",
        help="with --overrides: the form for this verl version, not the installed one's",
    )
    parser.add_argument(
        "--easyr1", action="store_true",
        help="print EasyR1's setting instead, <path>:compute_score, e.g. "
        "worker.reward.reward_function=$(python -m stepgrpo_verl --easyr1)",
    )
    args = parser.parse_args(argv)
    if args.verl_version is not None and not args.overrides:
        parser.error("--verl-version goes with --overrides")
    if args.easyr1:
        print(f"{easyr1_reward_file()}:compute_score")
    elif args.overrides:
        try:
            lines = verl_overrides(args.verl_version)
        except ValueError as exc:
            parser.error(str(exc))
        if args.verl_version is None and installed_verl_version() is None:
            print("# verl is not installed here: the form of verl >= 0.7 (up to 0.6, drop 'reward.')",
                  file=sys.stderr)
        print("\n".join(lines))
    else:
        print(reward_file())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
