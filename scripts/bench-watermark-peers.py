"""Times the invisible-watermark package's DWT-DCT and DWT-DCT-SVD methods at
1080p on one core, for `npm run bench:watermark -- --peers`, which runs it in
the same run as our own embed/extract timings and reports the ratios.

No registry here serves the package: its published source (GitHub
ShieldMnt/invisible-watermark, the `imwatermark` folder) is imported from
IMWATERMARK_SRC; it needs numpy, OpenCV and PyWavelets (Debian:
python3-numpy python3-opencv python3-pywt). rivaGan is not measured (it
needs PyTorch and ONNX models), so `torch` is stubbed for the import.

usage: python3 scripts/bench-watermark-peers.py FRAME.png RUNS
prints one JSON object: {method: {embedMs, extractMs, bitsRecovered}}
"""
import json
import os
import sys
import time
import types

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, os.environ["IMWATERMARK_SRC"])
sys.modules.setdefault("torch", types.ModuleType("torch"))  # only rivaGan uses it

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from imwatermark import WatermarkDecoder, WatermarkEncoder  # noqa: E402

cv2.setNumThreads(1)  # one core, like the Node measurement
frame_path, runs = sys.argv[1], int(sys.argv[2])
image = cv2.imread(frame_path)
if image is None or image.shape[:2] != (1080, 1920):
    sys.exit(f"{frame_path}: expected a 1920x1080 image")

# A 64-bit payload, the size of ours.
payload = bytes.fromhex("0123456789abcdef")


def median_ms(fn):
    for _ in range(2):
        fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]


out = {}
for method in ("dwtDct", "dwtDctSvd"):
    encoder = WatermarkEncoder()
    encoder.set_watermark("bytes", payload)
    marked = encoder.encode(image, method)
    decoder = WatermarkDecoder("bytes", 64)
    recovered = decoder.decode(marked, method)
    bits = sum(8 - bin(a ^ b).count("1") for a, b in zip(recovered, payload))
    out[method] = {
        "embedMs": round(median_ms(lambda: encoder.encode(image, method)), 1),
        "extractMs": round(median_ms(lambda: decoder.decode(marked, method)), 1),
        "bitsRecovered": f"{bits}/64",
        "psnrDb": round(float(cv2.PSNR(image, np.clip(marked, 0, 255).astype(np.uint8))), 1),
    }
print(json.dumps(out))
