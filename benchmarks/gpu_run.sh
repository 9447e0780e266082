#!/usr/bin/env bash
# The one script to run on the GPU machine (issue 4), from the repository root:
#
#   bash benchmarks/gpu_run.sh            # with the device tool: carry [".whl"], timeout_s 540
#
# 1. environment report (GPU, python packages; sympy/regex/numpy status first);
# 2. installs the carried wheels from .whl/ into /tmp/site (no index, no deps);
# 3. benchmarks/gpu_step.py: random Qwen2-VL-2B architecture, StepRAR+StepRVR vs an
#    outcome-only accuracy reward (about 2-3 minutes);
# 4. if time remains: examples/run_pipeline.py --preset gpu (SFT warm-up + StepGRPO of a
#    small model on the synthetic set, before/after evaluation).
# Everything it reports goes to $OUT (default /tmp/gpu_out); total under 8 minutes.
#
# Wheels expected in .whl/ (Python 3.12, manylinux x86_64, `pip download --no-deps`):
#   trl==1.16.0 datasets==5.2.0 dill==0.4.1 multiprocess==0.70.19 rapidfuzz==3.14.6
# plus sympy / regex wheels only if step 1 reports them missing.
set -u
OUT=${OUT:-/tmp/gpu_out}
mkdir -p "$OUT"
BUDGET=${GPU_RUN_BUDGET_S:-470}          # seconds for the whole script
START=$(date +%s)
elapsed() { echo $(( $(date +%s) - START )); }
log() { echo "[gpu_run +$(elapsed)s] $*" | tee -a "$OUT/gpu_run.log" >&2; }

# -- 1. environment ------------------------------------------------------------------------------
{
  echo "== python deps of the core =="
  python3 -c 'import sympy, regex, numpy; print("OK sympy", sympy.__version__, "regex", regex.__version__, "numpy", numpy.__version__)' 2>&1 \
    || echo "MISSING: one of sympy, regex, numpy (see above)"
  echo "== machine =="
  python3 --version
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || echo "no nvidia-smi"
  nproc
  python3 -c 'import torch, transformers, accelerate, peft; print("torch", torch.__version__, "cuda", torch.cuda.is_available(), "transformers", transformers.__version__, "accelerate", accelerate.__version__, "peft", peft.__version__)'
  python3 -c 'import torchvision; print("torchvision", torchvision.__version__)' 2>&1 | tail -1
  python3 -c 'import matplotlib; print("matplotlib", matplotlib.__version__)' 2>&1 | tail -1
  python3 -c 'import flash_attn; print("flash_attn", flash_attn.__version__)' 2>&1 | tail -1
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt" >&2
log "environment written to $OUT/env.txt"

# -- 2. carried wheels ---------------------------------------------------------------------------------
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target /tmp/site .whl/*.whl > /tmp/pip.log 2>&1 || { log "pip install failed:"; tail -5 /tmp/pip.log >&2; }
  cat /tmp/pip.log >> "$OUT/env.txt"
else
  log "no .whl/*.whl carried: trl/datasets/rapidfuzz must already be importable"
fi
export PYTHONPATH=/tmp/site:$PWD:$PWD/plugins${PYTHONPATH:+:$PYTHONPATH}
export TOKENIZERS_PARALLELISM=false
python3 - >> "$OUT/env.txt" 2>&1 <<'EOF'
import importlib
for name in ("trl", "datasets", "rapidfuzz", "dill", "multiprocess", "stepgrpo_rewards", "stepgrpo_trl"):
    try:
        mod = importlib.import_module(name)
        print("import OK", name, getattr(mod, "__version__", ""))
    except Exception as exc:  # report and go on: the steps below say what failed
        print("import FAILED", name, type(exc).__name__, exc)
EOF
tail -7 "$OUT/env.txt" >&2

# -- 3. the benchmark -------------------------------------------------------------------------------------
log "gpu_step.py: StepRAR+StepRVR vs outcome-only accuracy reward"
timeout 300 python3 benchmarks/gpu_step.py --out "$OUT/gpu_step.json" > "$OUT/gpu_step.log" 2>&1
rc=$?
log "gpu_step.py exit $rc"
if [ $rc -ne 0 ]; then tail -25 "$OUT/gpu_step.log" >&2; fi
python3 - "$OUT/gpu_step.json" >&2 <<'EOF' || true
import json, sys
r = json.load(open(sys.argv[1]))
for name, run in r.get("runs", {}).items():
    print(f"{name}: step {run['step_s']} s (warm-up {run['warmup_step_s']}), generation "
          f"{run['share_pct']['generation']}%, rewards {run['reward_funcs_ms']} ms "
          f"({run['share_pct']['reward_funcs']}%), overhead {run['pipeline_overhead_ms']} ms "
          f"({run['share_pct']['pipeline_overhead']}%), peak {run.get('peak_memory_gib')} GiB")
print("targets:", r.get("targets"))
print("reward microbench:", r.get("reward_microbench"))
EOF

# -- 4. the pipeline on the GPU, if time remains ----------------------------------------------------------
left=$(( BUDGET - $(elapsed) ))
if [ $left -gt 150 ]; then
  log "run_pipeline.py --preset gpu (time left ${left}s)"
  timeout $(( left - 15 )) python3 examples/run_pipeline.py --preset gpu --device cuda \
    --out /tmp/pipeline > "$OUT/pipeline.log" 2>&1
  rc=$?
  log "run_pipeline.py exit $rc"
  mkdir -p "$OUT/pipeline"
  # The device tool returns at most 8 files: env.txt, gpu_run.log, gpu_step.json,
  # gpu_step.log, pipeline.log and these three.
  for f in report.json report.md; do
    [ -f "/tmp/pipeline/$f" ] && cp "/tmp/pipeline/$f" "$OUT/pipeline/$f"
  done
  first_plot=$(ls /tmp/pipeline/plots/*.png 2>/dev/null | head -1)
  [ -n "$first_plot" ] && cp "$first_plot" "$OUT/pipeline/"
  if [ -f /tmp/pipeline/report.md ]; then cat /tmp/pipeline/report.md >&2; else tail -30 "$OUT/pipeline.log" >&2; fi
else
  log "skipping the pipeline: only ${left}s left"
fi
log "done; outputs in $OUT"
