"""Saves real PyTorch models as checkpoints and prints what PyTorch computes for them, for checkpoint.torch.test.ts:

    python3 torch_reference.py OUTDIR  >  cases.json

Each case names a checkpoint in OUTDIR, the `unroll import` options it needs, inline data and a loss, and the
values autograd computes in float64 for the same weights (a float32, float16 or bfloat16 weight is a float64
exactly): loss, outputs, top-layer hidden states, every parameter gradient under the spec's names, and the total
dL/dh_t (dL/dc_t for an LSTM) of the top layer. The steps are run one cell at a time with retain_grad, because a
fused module's output gradient holds only the head's share of dL/dh_t.
"""
import json
import os
import struct
import sys

import torch
from torch import nn
import torch.nn.functional as F

torch.set_num_threads(1)
OUT = sys.argv[1]


class Model(nn.Module):
    def __init__(self, rnn_path, rnn, head_path, head, extra=None):
        super().__init__()
        self.paths = (rnn_path, head_path)
        for key, module in [(rnn_path, rnn), (head_path, head)] + list((extra or {}).items()):
            parent = self
            *outer, last = key.split(".")
            for part in outer:
                if not hasattr(parent, part):
                    parent.add_module(part, nn.Module())
                parent = getattr(parent, part)
            parent.add_module(last, module)

    def part(self, path):
        module = self
        for name in path.split("."):
            module = getattr(module, name)
        return module


def step_fn(rnn, nonlinearity):
    if isinstance(rnn, (nn.LSTM, nn.LSTMCell)):
        return "lstm", torch.lstm_cell
    if isinstance(rnn, (nn.GRU, nn.GRUCell)):
        return "gru", torch.gru_cell
    return "rnn", torch.rnn_relu_cell if nonlinearity == "relu" else torch.rnn_tanh_cell


def layer_params(rnn, layer):
    if isinstance(rnn, nn.RNNCellBase):
        return rnn.weight_ih, rnn.weight_hh, rnn.bias_ih, rnn.bias_hh
    return tuple(getattr(rnn, f"{kind}_l{layer}") for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))


def reference(model, x, target, on, nonlinearity):
    rnn, head = model.part(model.paths[0]), model.part(model.paths[1])
    kind, step = step_fn(rnn, nonlinearity)
    layers = 1 if isinstance(rnn, nn.RNNCellBase) else rnn.num_layers
    batch, steps, _ = x.shape
    hidden = rnn.hidden_size
    inputs = x
    for layer in range(layers):
        w_ih, w_hh, b_ih, b_hh = layer_params(rnn, layer)
        h = torch.zeros(batch, hidden, dtype=torch.float64)
        c = torch.zeros(batch, hidden, dtype=torch.float64)
        hs, cs = [], []
        for t in range(steps):
            if kind == "lstm":
                h, c = step(inputs[:, t], (h, c), w_ih, w_hh, b_ih, b_hh)
                c.retain_grad()
                cs.append(c)
            else:
                h = step(inputs[:, t], h, w_ih, w_hh, b_ih, b_hh)
            h.retain_grad()
            hs.append(h)
        inputs = torch.stack(hs, 1)
    if not isinstance(rnn, nn.RNNCellBase):
        fused = head(rnn(x.transpose(0, 1))[0].transpose(0, 1))
        assert torch.allclose(fused, head(inputs), rtol=1e-12, atol=1e-14), "stepwise and fused forward disagree"
    y = head(inputs)
    loss = F.mse_loss(y[:, -1] if on == "last" else y, target)
    loss.backward()
    names = {}
    for layer in range(layers):
        for kind_, p in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), layer_params(rnn, layer)):
            names[f"{kind_}_l{layer}"] = p
    names["fc.weight"], names["fc.bias"] = head.weight, head.bias
    expected = {
        "loss": loss.item(),
        "outputs": y.tolist(),
        "hidden": inputs.tolist(),
        "grads": {name: p.grad.tolist() for name, p in names.items()},
        "dLdh": [[hs[t].grad[s].tolist() for t in range(steps)] for s in range(batch)],
    }
    if kind == "lstm":
        expected["dLdc"] = [[cs[t].grad[s].tolist() for t in range(steps)] for s in range(batch)]
    return expected


def write_safetensors(file, state):
    codes = {torch.float32: "F32", torch.float64: "F64"}
    header, blobs, at = {}, [], 0
    for key, t in state.items():
        data = t.contiguous().numpy().tobytes()
        header[key] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(data)]}
        blobs.append(data)
        at += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(file, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def case(name, model, file, dtype=torch.float32, options=(), nonlinearity="tanh", on="last", steps=6, batch=3):
    model = model.to(dtype)
    state = model.state_dict()
    if file.endswith(".safetensors"):
        write_safetensors(os.path.join(OUT, file), state)
    else:
        torch.save(state, os.path.join(OUT, file))
    model = model.double()
    rnn = model.part(model.paths[0])
    head = model.part(model.paths[1])
    x = torch.randn(batch, steps, rnn.input_size, dtype=torch.float64)
    target = torch.randn(batch, head.out_features, dtype=torch.float64) if on == "last" else torch.randn(batch, steps, head.out_features, dtype=torch.float64)
    sequences = []
    for s in range(batch):
        sequence = {"inputs": x[s].tolist()}
        sequence["target" if on == "last" else "targets"] = target[s].tolist()
        sequences.append(sequence)
    return {
        "name": name,
        "file": file,
        "options": list(options),
        "data": {"sequences": sequences},
        "loss": {"type": "mse", "on": on},
        "expected": reference(model, x, target, on, nonlinearity),
    }


torch.manual_seed(7)
cases = [
    case("rnn-tanh-float32", Model("rnn", nn.RNN(2, 4), "fc", nn.Linear(4, 1)), "rnn.pt"),
    case("rnn-relu-float64-nested", Model("model.encoder.rnn", nn.RNN(3, 3, nonlinearity="relu", num_layers=2), "model.decoder", nn.Linear(3, 2)),
         "rnn-relu.pth", torch.float64, ["--nonlinearity", "relu"], "relu", "all"),
    case("lstm-2-layers-safetensors", Model("encoder.lstm", nn.LSTM(2, 3, num_layers=2), "head", nn.Linear(3, 1)), "lstm.safetensors"),
    case("lstm-float64-safetensors-all-steps", Model("lstm", nn.LSTM(1, 2), "out", nn.Linear(2, 3)), "lstm64.safetensors", torch.float64, on="all"),
    case("gru-two-candidates", Model("decoder.gru", nn.GRU(2, 3), "head", nn.Linear(3, 1),
                                     {"encoder.gru": nn.GRU(2, 3), "aux": nn.Linear(3, 2)}),
         "two.pt", options=["--prefix", "decoder.gru.", "--head", "head."]),
    case("gru-bfloat16", Model("rnn", nn.GRU(2, 2), "head", nn.Linear(2, 1)), "gru-bf16.pt", torch.bfloat16),
    case("lstm-float16", Model("rnn", nn.LSTM(2, 2), "head", nn.Linear(2, 1)), "lstm-f16.pt", torch.float16),
    case("gru-cell", Model("cell", nn.GRUCell(2, 3), "head", nn.Linear(3, 1)), "gru-cell.pt"),
]
json.dump(cases, sys.stdout)
