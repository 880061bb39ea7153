# Runs /work/shared/bench/torch_reference.py (the PyTorch reference model,
# CUDA-only as written) on the CPU, so `npm run bench:ml -- --reference`
# can time PyTorch and tfjs side by side on a machine without a GPU.
# The reference stays the single definition of the model: its source is run
# with the device switched to "cpu" and CUDA synchronisation made a no-op
# (CPU ops are synchronous). Usage: torch-reference-cpu.py SCRIPT W B N THREADS
import sys
import torch

script, w, b, n, threads = sys.argv[1:6]
torch.set_num_threads(int(threads))
source = open(script).read()
if "dev = 'cuda'" not in source:
    sys.exit(f"{script}: no \"dev = 'cuda'\" line to switch to the CPU; update ml/bench/torch-reference-cpu.py")
source = source.replace("dev = 'cuda'", "dev = 'cpu'").replace("'impl':'torch-cuda'", "'impl':'torch-cpu'")
torch.cuda.synchronize = lambda *args, **kwargs: None
sys.argv = [script, w, b, n]
exec(compile(source, script, "exec"), {"__name__": "__main__"})
