"""PyTorch side of `npm run bench`: the same problem as our engine, timed in the same run.

Started by bench/pytorch.ts, which writes one JSON request per line on stdin and reads one JSON reply per line:
  {"op": "info"}                      -> torch version and the BLAS library torch's matrix products run on
  {"op": "load", ...problem}           -> builds nn.RNN/nn.LSTM + nn.Linear with the problem's weights and data
  {"op": "time", "budgetMs", "maxRuns", "warmupMs", "threads"} -> wall times of forward + backward, loss, gradients
Numbers travel as base64 float64 (little-endian), so both sides see the same bits.
"""
import base64
import json
import sys
import time

import torch


def decode(text, shape):
    return torch.frombuffer(bytearray(base64.b64decode(text)), dtype=torch.float64).reshape(shape).clone()


def encode(tensor):
    return base64.b64encode(tensor.detach().to(torch.float64).contiguous().numpy().tobytes()).decode('ascii')


def blas_info():
    """Which BLAS library is mapped into this process after a matrix product, and OpenBLAS's own account of it."""
    a = torch.ones(64, 64, dtype=torch.float64)
    (a @ a).sum().item()
    libraries = set()
    try:
        with open('/proc/self/maps') as maps:
            for line in maps:
                path = line.split()[-1] if len(line.split()) >= 6 else ''
                if 'blas' in path.lower() or 'mkl' in path.lower():
                    libraries.add(path)
    except OSError:
        pass
    info = {'libraries': sorted(libraries)}
    for path in sorted(libraries):
        try:
            import ctypes

            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            info['openblas'] = lib.openblas_get_config().decode()
            info['core'] = lib.openblas_get_corename().decode()
            break
        except (OSError, AttributeError):
            continue
    return info


class Model:
    def __init__(self, problem):
        self.dtype = torch.float32 if problem.get('dtype') == 'float32' else torch.float64
        cell, size = problem['cell'], problem['size']
        I, H, T, B, O = size['input'], size['hidden'], size['steps'], problem['batch'], problem['output']
        G = 4 if cell == 'lstm' else 1
        if cell == 'lstm':
            self.rnn = torch.nn.LSTM(I, H, batch_first=True)
        else:
            self.rnn = torch.nn.RNN(I, H, nonlinearity='tanh', batch_first=True)
        self.fc = torch.nn.Linear(H, O)
        # in the contest's precision before the weights go in: float64 weights copied into float32 parameters
        # would be rounded there, and stay rounded after a later .to(float64)
        self.rnn.to(self.dtype)
        self.fc.to(self.dtype)
        w = problem['weights']
        shapes = {
            'weight_ih_l0': (G * H, I), 'weight_hh_l0': (G * H, H), 'bias_ih_l0': (G * H,), 'bias_hh_l0': (G * H,),
            'fc.weight': (O, H), 'fc.bias': (O,),
        }
        with torch.no_grad():
            for name, shape in shapes.items():
                target = getattr(self.fc, name[3:]) if name.startswith('fc.') else getattr(self.rnn, name)
                target.copy_(decode(w[name], shape))
        self.parameters = {**dict(self.rnn.named_parameters()), **{'fc.' + k: v for k, v in self.fc.named_parameters()}}
        self.inputs = decode(problem['inputs'], (B, T, I)).to(self.dtype)
        self.targets = decode(problem['targets'], (B, O)).to(self.dtype)

    def step(self):
        """forward over every step, mse on the last one, full BPTT: what our engine's run() does"""
        for p in self.parameters.values():
            p.grad = None
        out, _ = self.rnn(self.inputs)
        loss = torch.nn.functional.mse_loss(self.fc(out[:, -1, :]), self.targets)
        loss.backward()
        return loss.item()


def time_runs(model, budget_ms, max_runs, warmup_ms):
    start = time.perf_counter()
    loss = model.step()
    first_ms = 1000 * (time.perf_counter() - start)
    while 1000 * (time.perf_counter() - start) < warmup_ms:
        model.step()
    wanted = max(1, min(max_runs, int(budget_ms / max(first_ms, 1e-3))))
    runs = []
    for _ in range(wanted):
        t = time.perf_counter()
        loss = model.step()
        runs.append(1000 * (time.perf_counter() - t))
    return runs, loss


def main():
    model = None
    for line in sys.stdin:
        request = json.loads(line)
        op = request['op']
        if op == 'info':
            reply = {'torch': torch.__version__, 'blas': blas_info(), 'python': sys.version.split()[0]}
        elif op == 'load':
            model = Model(request)
            reply = {'ok': True}
        elif op == 'time':
            torch.set_num_threads(request.get('threads', 1))
            runs, loss = time_runs(model, request['budgetMs'], request['maxRuns'], request['warmupMs'])
            reply = {'runsMs': runs, 'loss': loss}
            if request.get('grads'):
                reply['grads'] = {name: encode(p.grad) for name, p in model.parameters.items()}
        else:
            reply = {'error': 'unknown op ' + op}
        sys.stdout.write(json.dumps(reply) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
