"""PyTorch side of bench/tower-layers.mjs: times one 3x3 SAME convolution
(forward, input gradient or filter gradient; channels_last, batch 32) per
request, as the native side times its own, so the two are measured layer by
layer in the same minutes. One JSON request a line on stdin:
{"size", "inC", "outC", "stride", "kind": "fwd" | "bin" | "bfi", "reps"};
answers {"ms": median}. The first line sets {"threads"}.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

from pytorch_twins import same_pads


def timed(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def measure(req):
    size, c, co, stride, kind = req["size"], req["inC"], req["outC"], req["stride"], req["kind"]
    lo, hi = same_pads(size, 3, stride, 1)
    x = torch.rand(32, c, size, size).contiguous(memory_format=torch.channels_last)
    if lo != hi:
        # TF's SAME puts the extra row and column at the bottom and right.
        x = F.pad(x, (lo, hi, lo, hi)).contiguous(memory_format=torch.channels_last)
        pad = 0
    else:
        pad = lo
    w = torch.rand(co, c, 3, 3).contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        y = F.conv2d(x, w, None, stride, pad)
        dy = torch.rand_like(y).contiguous(memory_format=torch.channels_last)
        if kind == "fwd":
            fn = lambda: F.conv2d(x, w, None, stride, pad)
        else:
            mask = [kind == "bin", kind == "bfi", False]
            fn = lambda: torch.ops.aten.convolution_backward(
                dy, x, w, None, [stride, stride], [pad, pad], [1, 1], False, [0, 0], 1, mask
            )
        return timed(fn, req["reps"])


def main():
    config = json.loads(sys.stdin.readline())
    torch.set_num_threads(config.get("threads", 1))
    torch.set_num_interop_threads(1)
    print(json.dumps({"ready": True, "version": torch.__version__}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("quit"):
            break
        print(json.dumps({"ms": measure(req)}), flush=True)


if __name__ == "__main__":
    main()
