"""Peer for bench/train-throughput.bench.ts: the same two baselines in
PyTorch on the CPU, trained on a fixed random batch with Adam, timed over
a number of steps after a warm-up (data loading is not part of either side).

  cnn   64x64x3 -> 3 x [conv3x3 (no bias) -> BatchNorm -> ReLU -> MaxPool 2]
        with 16, 32, 64 filters -> flatten -> dropout .25 -> linear -> 4 classes
  lstm  ids (length 64, vocabulary 5000) -> Embedding 64 -> LSTM 64 ->
        last hidden state -> dropout .2 -> linear -> 4 classes

Arguments: --models cnn,lstm --batch 32 --steps N --warmup N --threads 2,1
Prints one line of JSON: {"results": [{"model", "threads", "samples_per_s",
"step_ms"}], "torch", "python", "numpy"}.
"""
import argparse
import json
import platform
import time

import numpy as np
import torch
from torch import nn


class SmallCnn(nn.Module):
    def __init__(self, channels=3, width=16, blocks=3, classes=4, size=64, dropout=0.25):
        super().__init__()
        layers = []
        c = channels
        for b in range(blocks):
            f = width * 2 ** b
            layers += [nn.Conv2d(c, f, 3, padding=1, bias=False), nn.BatchNorm2d(f), nn.ReLU(), nn.MaxPool2d(2)]
            c = f
        self.features = nn.Sequential(*layers)
        side = size // 2 ** blocks
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(c * side * side, classes))

    def forward(self, x):
        return self.head(self.features(x))


class TextLstm(nn.Module):
    def __init__(self, vocab=5000, dim=64, units=64, classes=4, dropout=0.2):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, units, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(units, classes)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.embedding(ids))
        return self.out(self.drop(h[-1]))


def batch(model, n, gen):
    if model == 'cnn':
        # NCHW, PyTorch's layout; the tfjs side uses NHWC, each its native one.
        return torch.randn(n, 3, 64, 64, generator=gen), torch.randint(0, 4, (n,), generator=gen)
    return torch.randint(0, 5000, (n, 64), generator=gen), torch.randint(0, 4, (n,), generator=gen)


def measure(model_name, threads, batch_size, steps, warmup):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    model = SmallCnn() if model_name == 'cnn' else TextLstm()
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x, y = batch(model_name, batch_size, gen)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # the loss read back each step, as the tfjs loop does

    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    seconds = time.perf_counter() - t
    return {'model': model_name, 'threads': threads, 'samples_per_s': steps * batch_size / seconds, 'step_ms': 1000 * seconds / steps}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--models', default='cnn,lstm')
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--threads', default='1')
    a = p.parse_args()
    torch.set_num_interop_threads(1)
    results = [measure(m, int(t), a.batch, a.steps, a.warmup) for m in a.models.split(',') for t in a.threads.split(',')]
    print(json.dumps({'results': results, 'torch': torch.__version__, 'numpy': np.__version__, 'python': platform.python_version()}))


if __name__ == '__main__':
    main()
