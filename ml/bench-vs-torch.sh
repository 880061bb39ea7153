#!/usr/bin/env bash
# Side-by-side: the tfjs engine and /work/shared/bench/torch_reference.py
# train the same autoencoder (64 px, width W, batch B, Adam, L1) on the same
# card; prints one JSON line per config with both median step times and the
# ratio tfjs/torch. Run on a machine with an NVIDIA GPU, PyTorch and the
# Vulkan loader (see /work/shared/ENVIRONMENT.md), from the repository root:
#   bash ml/bench-vs-torch.sh            # W in 1 4, B in 8 64, 20 steps
#   CONFIGS="1:64" STEPS=30 bash ml/bench-vs-torch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TORCH_REF="${TORCH_REF:-/work/shared/bench/torch_reference.py}"
CONFIGS="${CONFIGS:-1:8 1:64 4:64}"
STEPS="${STEPS:-20}"
export ML_BACKEND="${ML_BACKEND:-auto}"
# Dawn needs the NVIDIA Vulkan ICD named explicitly when several are installed.
if [[ -z "${VK_DRIVER_FILES:-}" ]]; then
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    [[ -f "$icd" ]] && export VK_DRIVER_FILES="$icd" && break
  done
fi
for cfg in $CONFIGS; do
  W="${cfg%%:*}"; B="${cfg##*:}"
  torch_json="$(python3 "$TORCH_REF" "$W" "$B" "$STEPS" | tail -n 1)"
  tfjs_json="$(npx tsx ml/bench.ts --presets "torch-reference-w$W" --batches "$B" --steps "$STEPS" --reference --train-only 2>/dev/null)"
  node -e '
    const torch = JSON.parse(process.argv[1]);
    const tfjs = JSON.parse(process.argv[2]);
    const t = tfjs.train[0];
    console.log(JSON.stringify({
      W: torch.W, B: torch.B, params: { torch: torch.params, tfjs: t.params },
      torchMedianMs: torch.median_ms, tfjsMedianMs: t.medianStepMs,
      ratio: Math.round((t.medianStepMs / torch.median_ms) * 10) / 10,
      tfjsDispatchesPerStep: t.dispatchesPerStep, tfjsBackend: tfjs.backend, device: tfjs.device,
    }));
  ' "$torch_json" "$tfjs_json"
done
