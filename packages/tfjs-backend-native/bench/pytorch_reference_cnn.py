"""PyTorch baseline for the benchmark: the reference CNN of bench/reference-cnn.mjs
(2 conv + pool + dense on 32x32x3, batch 32, SGD) timed per training step at 1
and 2 threads. Run by run-bench.mjs with glibc's allocator tuned as in the
facts sheet; prints one JSON line."""
import json
import statistics
import time

import torch
from torch import nn


def make():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 10),
    )


def step_ms(threads, steps=15):
    torch.set_num_threads(threads)
    model = make()
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.rand(32, 3, 32, 32)
    y = torch.tensor([(i * 7) % 10 for i in range(32)])
    loss_fn = nn.CrossEntropyLoss()
    times = []
    for i in range(steps + 1):
        t0 = time.perf_counter()
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        if i > 0:
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


print(json.dumps({"version": torch.__version__, "threads1_ms": step_ms(1), "threads2_ms": step_ms(2)}))
