"""The same training and sampling written with torch.nn and torch.optim, for test/unit/engine/torchReference.test.ts.

Reads a JSON list of cases on stdin (one process: importing torch takes seconds) and writes a list of what PyTorch
computes for each on stdout:
  {"mode": "train", ...}  -> {"loss": [...], "gradNorm": [...], "validationLoss": [...], "weights": {...}}
  {"mode": "sample", ...} -> {"classes": [...], "probabilities": [...]}
The case carries the model (cell, sizes, the engine's initial weights), the data (inline sequences, or a text as
class indices that this script cuts into windows itself), the loss and the training settings. The loop is the
textbook one: a DataLoader(shuffle=False) over the training sequences, and per minibatch zero_grad, loss,
backward, clip, step. float64 throughout, one thread.
"""
import json
import sys

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class Model(nn.Module):
    def __init__(self, m):
        super().__init__()
        kwargs = dict(input_size=m["inputSize"], hidden_size=m["hiddenSize"], num_layers=m.get("numLayers", 1), batch_first=True)
        if m["cell"] == "rnn":
            kwargs["nonlinearity"] = m.get("nonlinearity", "tanh")
        self.rnn = CELLS[m["cell"]](**kwargs)
        self.fc = nn.Linear(m["hiddenSize"], m["outputSize"])
        self.sigmoid = m.get("outputActivation", "identity") == "sigmoid"
        named = dict(self.rnn.named_parameters(), **{"fc." + k: v for k, v in self.fc.named_parameters()})
        with torch.no_grad():
            for name, value in m["weights"].items():
                named[name].copy_(torch.tensor(value))

    def forward(self, x, state=None):
        out, state = self.rnn(x, state)
        y = self.fc(out)
        return (torch.sigmoid(y) if self.sigmoid else y), state

    def weights(self):
        named = dict(self.rnn.named_parameters(), **{"fc." + k: v for k, v in self.fc.named_parameters()})
        return {k: v.detach().tolist() for k, v in named.items()}


def dataset(case):
    data = case["data"]
    if "text" in data:
        text = data["text"]
        codes, window, stride, vocab = text["codes"], text["window"], text["stride"], text["vocabularySize"]
        starts = range(0, len(codes) - window, stride)  # k*stride + window + 1 <= len(codes)
        inputs = torch.stack([nn.functional.one_hot(torch.tensor(codes[s:s + window]), vocab).double() for s in starts])
        targets = torch.tensor([codes[s + 1:s + window + 1] for s in starts])
        return inputs, targets
    sequences = data["sequences"]
    inputs = torch.tensor([s["inputs"] for s in sequences])
    key = "target" if case["loss"]["on"] == "last" else "targets"
    dtype = torch.long if case["loss"]["type"] == "cross-entropy" else torch.float64
    return inputs, torch.tensor([s[key] for s in sequences], dtype=dtype)


def loss_of(case, y, target):
    on_last = case["loss"]["on"] == "last"
    if on_last:
        y = y[:, -1, :]
    if case["loss"]["type"] == "mse":
        return nn.functional.mse_loss(y, target)
    return nn.functional.cross_entropy(y.reshape(-1, y.shape[-1]), target.reshape(-1))


def train(case):
    model = Model(case["model"])
    t = case["training"]
    params = list(model.parameters())
    if t["optimizer"] == "adam":
        optimizer = torch.optim.Adam(params, lr=t["learningRate"], betas=(t.get("beta1", 0.9), t.get("beta2", 0.999)), eps=t.get("epsilon", 1e-8))
    else:
        optimizer = torch.optim.SGD(params, lr=t["learningRate"], momentum=t.get("momentum", 0))
    inputs, targets = dataset(case)
    n_train = len(inputs) - case["data"].get("validation", 0)
    loader = DataLoader(TensorDataset(inputs[:n_train], targets[:n_train]), batch_size=t.get("batchSize", n_train), shuffle=False)
    history = {"loss": [], "gradNorm": [], "validationLoss": []}
    for _ in range(t["epochs"]):
        losses, norms = [], []
        for x, target in loader:
            optimizer.zero_grad()
            loss = loss_of(case, model(x)[0], target)
            loss.backward()
            norms.append(torch.norm(torch.stack([p.grad.norm() for p in params])).item())
            if "clipValue" in t:
                nn.utils.clip_grad_value_(params, t["clipValue"])
            if "clipNorm" in t:
                nn.utils.clip_grad_norm_(params, t["clipNorm"])
            optimizer.step()
            losses.append(loss.item())
        history["loss"].append(sum(losses) / len(losses))
        history["gradNorm"].append(sum(norms) / len(norms))
        if n_train < len(inputs):
            with torch.no_grad():
                history["validationLoss"].append(loss_of(case, model(inputs[n_train:])[0], targets[n_train:]).item())
    history["weights"] = model.weights()
    return history


def sample(case):
    """Greedy: feed the prime one class at a time from a zero state, then the argmax, fed back."""
    model = Model(case["model"])
    vocab = case["model"]["inputSize"]
    state = None
    classes, probabilities = [], []
    with torch.no_grad():
        for c in case["prime"]:
            y, state = model(nn.functional.one_hot(torch.tensor([[c]]), vocab).double(), state)
        for n in range(case["length"]):
            p = torch.softmax(y[0, -1], dim=0)
            c = int(torch.argmax(y[0, -1]))
            classes.append(c)
            probabilities.append(p[c].item())
            if n + 1 < case["length"]:
                y, state = model(nn.functional.one_hot(torch.tensor([[c]]), vocab).double(), state)
    return {"classes": classes, "probabilities": probabilities}


if __name__ == "__main__":
    json.dump([train(case) if case["mode"] == "train" else sample(case) for case in json.load(sys.stdin)], sys.stdout)
