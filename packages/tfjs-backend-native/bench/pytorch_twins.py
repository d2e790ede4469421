"""PyTorch twins of the benchmark's tfjs networks, for same-run comparisons.

Builds each network from the layer graph bench/model-graph.mjs describes
(TensorFlow's SAME padding, tfjs's average pooling that leaves padding out of
the count, batch norm with tfjs's epsilon and momentum, frozen scales where
tfjs froze them), in channels_last memory format (NHWC, as tfjs) or NCHW, and
times one training step at a time on request, so the caller can interleave
them with its own steps.

Protocol (stdin/stdout, one JSON object a line):
  first line: {"threads": 2, "layout": "channels_last", "nets": {name: {"graph": ...,
               "batch": 32, "optimizer": "sgd" | "rmsprop" | "adam", "loss": "softmax" | "sigmoid"}}}
  reply:      {"ready": true, "version": "1.13.1", "params": {name: count}}
  then:       {"step": name}  ->  {"ms": wall milliseconds of that step}
  finally:    {"quit": true}
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


def same_pads(size, k, s, d):
    out = math.ceil(size / s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


class Twin(nn.Module):
    def __init__(self, graph):
        super().__init__()
        self.graph = graph
        self.mods = nn.ModuleDict()
        self.plan = []
        shapes = {}  # name -> (C, H, W) or (features,)
        for layer in graph["layers"]:
            name, kind, s = layer["name"], layer["type"], layer["settings"]
            ins = layer["inputs"]
            key = "m%d" % len(self.plan)
            extra = {}
            if kind == "InputLayer":
                h, w, c = s["shape"]
                shapes[name] = (c, h, w)
            elif kind == "Conv2D":
                c, h, w = shapes[ins[0]]
                (kh, kw), (sh, sw), (dh, dw) = s["kernelSize"], s["strides"], s["dilationRate"]
                pad = (0, 0, 0, 0)
                conv_pad = (0, 0)
                if s["padding"] == "same":
                    ph, pw = same_pads(h, kh, sh, dh), same_pads(w, kw, sw, dw)
                    if ph[0] == ph[1] and pw[0] == pw[1]:
                        conv_pad = (ph[0], pw[0])
                    else:
                        pad = (pw[0], pw[1], ph[0], ph[1])
                self.mods[key] = nn.Conv2d(c, s["filters"], (kh, kw), (sh, sw), conv_pad, (dh, dw), bias=s["useBias"])
                extra = {"pad": pad, "act": s["activation"]}
                hp, wp = h + pad[2] + pad[3] + 2 * conv_pad[0], w + pad[0] + pad[1] + 2 * conv_pad[1]
                shapes[name] = (s["filters"], (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1)
            elif kind == "BatchNormalization":
                c = shapes[ins[0]][0]
                bn = nn.BatchNorm2d(c, eps=s["epsilon"], momentum=1 - s["momentum"], affine=True)
                if not s.get("scaleTrainable", True):
                    bn.weight.requires_grad_(False)
                self.mods[key] = bn
                shapes[name] = shapes[ins[0]]
            elif kind in ("MaxPooling2D", "AveragePooling2D"):
                c, h, w = shapes[ins[0]]
                (kh, kw), (sh, sw) = s["poolSize"], s["strides"]
                pad = (0, 0, 0, 0)
                if s["padding"] == "same":
                    ph, pw = same_pads(h, kh, sh, 1), same_pads(w, kw, sw, 1)
                    pad = (pw[0], pw[1], ph[0], ph[1])
                symmetric = pad[0] == pad[1] and pad[2] == pad[3] and pad[0] <= kw // 2 and pad[2] <= kh // 2
                if kind == "MaxPooling2D":
                    if symmetric:
                        self.mods[key] = nn.MaxPool2d((kh, kw), (sh, sw), (pad[2], pad[0]))
                        pad = (0, 0, 0, 0)
                    else:
                        self.mods[key] = nn.MaxPool2d((kh, kw), (sh, sw))
                    extra = {"pad": pad, "fill": -math.inf}
                else:
                    if not symmetric:
                        raise ValueError("asymmetric SAME average pooling is not supported: %s" % name)
                    self.mods[key] = nn.AvgPool2d((kh, kw), (sh, sw), (pad[2], pad[0]), count_include_pad=False)
                    pad = (0, 0, 0, 0)
                    extra = {"pad": pad}
                hp, wp = h + pad[2] + pad[3], w + pad[0] + pad[1]
                m = self.mods[key]
                p = m.padding if isinstance(m.padding, tuple) else (m.padding, m.padding)
                shapes[name] = (c, (hp + 2 * p[0] - kh) // sh + 1, (wp + 2 * p[1] - kw) // sw + 1)
            elif kind == "Dense":
                n_in = math.prod(shapes[ins[0]])
                self.mods[key] = nn.Linear(n_in, s["units"], bias=s["useBias"])
                extra = {"act": s["activation"]}
                shapes[name] = (s["units"],)
            elif kind == "Concatenate":
                if s["axis"] not in (-1, 3):
                    raise ValueError("only channel concatenation is supported: %s" % name)
                parts = [shapes[i] for i in ins]
                shapes[name] = (sum(p[0] for p in parts),) + parts[0][1:]
            elif kind == "GlobalAveragePooling2D":
                shapes[name] = (shapes[ins[0]][0],)
            elif kind == "Flatten":
                shapes[name] = (math.prod(shapes[ins[0]]),)
            elif kind in ("ReLU", "Activation", "Dropout", "Add"):
                shapes[name] = shapes[ins[0]]
                if kind == "Dropout":
                    extra = {"rate": s["rate"]}
                if kind == "Activation":
                    extra = {"act": s["activation"]}
            else:
                raise ValueError("unsupported layer %s (%s)" % (name, kind))
            self.plan.append((name, kind, key, ins, extra))

    @staticmethod
    def act(y, name):
        if name in (None, "linear"):
            return y
        if name == "relu":
            return F.relu(y)
        if name == "softmax":
            return y  # folded into the loss (cross-entropy on logits)
        if name == "sigmoid":
            return y  # likewise
        raise ValueError("unsupported activation %s" % name)

    def forward(self, x):
        v = {}
        for name, kind, key, ins, extra in self.plan:
            a = v[ins[0]] if ins else x
            if kind == "InputLayer":
                y = x
            elif kind == "Conv2D":
                if any(extra["pad"]):
                    a = F.pad(a, extra["pad"])
                y = self.act(self.mods[key](a), extra["act"])
            elif kind in ("BatchNormalization",):
                y = self.mods[key](a)
            elif kind in ("MaxPooling2D", "AveragePooling2D"):
                if any(extra["pad"]):
                    a = F.pad(a, extra["pad"], value=extra.get("fill", 0.0))
                y = self.mods[key](a)
            elif kind == "Dense":
                y = self.act(self.mods[key](a.flatten(1)), extra["act"])
            elif kind == "Concatenate":
                y = torch.cat([v[i] for i in ins], 1)
            elif kind == "GlobalAveragePooling2D":
                y = a.mean((2, 3))
            elif kind == "Flatten":
                y = a.flatten(1)
            elif kind == "ReLU":
                y = F.relu(a)
            elif kind == "Activation":
                y = self.act(a, extra["act"])
            elif kind == "Dropout":
                y = F.dropout(a, extra["rate"], self.training)
            elif kind == "Add":
                y = v[ins[0]]
                for i in ins[1:]:
                    y = y + v[i]
            v[name] = y
        return v[self.graph["output"]]


class Net:
    def __init__(self, spec, layout):
        torch.manual_seed(0)
        self.model = Twin(spec["graph"])
        first = spec["graph"]["layers"][0]["settings"]["shape"]
        h, w, c = first
        batch = spec["batch"]
        self.x = torch.rand(batch, c, h, w) * (255.0 if spec.get("imageScale") else 1.0)
        if layout == "channels_last":
            self.model = self.model.to(memory_format=torch.channels_last)
            self.x = self.x.contiguous(memory_format=torch.channels_last)
        self.model.train()
        params = [p for p in self.model.parameters() if p.requires_grad]
        if spec["optimizer"] == "adam":
            # tf.train.adam(1e-3): beta1 0.9, beta2 0.999, epsilon 1e-7.
            self.opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
        elif spec["optimizer"] == "rmsprop":
            self.opt = torch.optim.RMSprop(params, lr=0.045, alpha=0.9, eps=1.0, momentum=0.0)
        else:
            self.opt = torch.optim.SGD(params, lr=0.05)
        self.loss_kind = spec["loss"]
        with torch.no_grad():
            outputs = self.model(self.x).shape[1]
        if self.loss_kind == "sigmoid":
            self.y = (torch.rand(batch, outputs) > 0.5).float()
        else:
            self.y = torch.tensor([(i * 7) % outputs for i in range(batch)])
        # As tfjs's countParams: weights plus batch norm's moving statistics.
        stats = sum(b.numel() for n, b in self.model.named_buffers() if n.endswith(("running_mean", "running_var")))
        self.params = sum(p.numel() for p in self.model.parameters()) + stats

    def step(self):
        t0 = time.perf_counter()
        self.opt.zero_grad(set_to_none=True)
        out = self.model(self.x)
        if self.loss_kind == "sigmoid":
            loss = F.binary_cross_entropy_with_logits(out, self.y)
        else:
            loss = F.cross_entropy(out, self.y)
        loss.backward()
        self.opt.step()
        loss.item()
        return (time.perf_counter() - t0) * 1000


def main():
    config = json.loads(sys.stdin.readline())
    torch.set_num_threads(config.get("threads", 2))
    torch.set_num_interop_threads(1)
    layout = config.get("layout", "channels_last")
    nets = {name: Net(spec, layout) for name, spec in config["nets"].items()}
    for net in nets.values():
        net.step()
    print(json.dumps({"ready": True, "version": torch.__version__, "params": {k: n.params for k, n in nets.items()}}))
    sys.stdout.flush()
    for line in sys.stdin:
        msg = json.loads(line)
        if msg.get("quit"):
            break
        print(json.dumps({"ms": nets[msg["step"]].step()}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
