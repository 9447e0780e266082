"""ms-swift plugin file: registers StepRAR and StepRVR as ``step_rar`` and ``step_rvr``.

    swift rlhf --rlhf_type grpo ... \\
        --external_plugins $(python -m stepgrpo_trl.swift) --reward_funcs step_rar step_rvr

swift runs this file by path, so it imports absolutely (see `stepgrpo_trl.swift`).
"""

from stepgrpo_trl.swift import register_swift_rewards

register_swift_rewards()
