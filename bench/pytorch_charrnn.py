# The char-rnn row's PyTorch contender: one training epoch of nn.LSTM + nn.Linear with torch.optim.Adam over the
# same windows, initial weights and minibatches as our trainer (shuffle off), in float64 on one thread. Reads one
# JSON request on stdin, prints one JSON reply: the epoch's seconds and its loss (the mean of the minibatches'
# losses before each update, as Unroll reports an epoch), so the two can be checked against each other too.
import json
import sys
import time

import torch
import torch.nn.functional as F


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(1)
    dtype = torch.float64
    V, H, T, B = request['vocabulary'], request['hidden'], request['window'], request['batch']
    codes = torch.tensor(request['codes'], dtype=torch.long)
    count = (len(codes) - T - 1) // T + 1
    starts = torch.arange(count) * T
    index = starts[:, None] + torch.arange(T)[None, :]
    inputs, targets = codes[index], codes[index + 1]  # (sequences, T)

    lstm = torch.nn.LSTM(V, H).to(dtype)
    head = torch.nn.Linear(H, V).to(dtype)
    parameters = {**{name: p for name, p in lstm.named_parameters()}, 'fc.weight': head.weight, 'fc.bias': head.bias}

    def reset():
        with torch.no_grad():
            for name, value in request['weights'].items():
                parameters[name].copy_(torch.tensor(value, dtype=dtype).reshape(parameters[name].shape))
        return torch.optim.Adam(list(parameters.values()), lr=request['learningRate'])

    def step(optimizer, k):
        x = F.one_hot(inputs[k * B:(k + 1) * B].T, V).to(dtype)  # (T, b, V), PyTorch's batch_first=False
        y = targets[k * B:(k + 1) * B].T
        out, _ = lstm(x)
        loss = F.cross_entropy(head(out).reshape(-1, V), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    minibatches = (count + B - 1) // B
    warm = reset()
    for k in range(3):  # warm-up, as our rows get
        step(warm, k)
    optimizer = reset()
    started = time.perf_counter()
    losses = [step(optimizer, k) for k in range(minibatches)]
    seconds = time.perf_counter() - started
    print(json.dumps({'seconds': seconds, 'loss': sum(losses) / len(losses), 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
