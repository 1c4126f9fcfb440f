"""The `lstm-2x200` language model of `ban ptb`, trained in plain PyTorch eager: the speed twin of
`ban bench lm-throughput` (ptb_throughput.sh runs both) and a convergence cross-check.

The same data as `ban ptb`: ptb.train.txt split on whitespace with <eos> after every line, cut into
BATCH contiguous rows, windows of BPTT steps taken in order, the hidden state carried from one
window to the next and detached. The same network: embedding 10,000 x 200 (U(-0.1, 0.1)), two LSTM
layers of 200 units (PyTorch's default U(-1/sqrt(200), 1/sqrt(200))), no dropout, linear decoder
(U(-0.1, 0.1), bias 0). The same step: cross-entropy averaged over every token, gradient norm
clipped to 0.25, plain SGD at learning rate 20 (PyTorch's word-language-model recipe).

Usage: /usr/bin/python3 ban-benchmarks/scripts/ptb_lstm_torch.py --data-dir DIR [options]
  --steps N --warmup W --rounds R    time R rounds of N steps after W untimed ones; each round
                                     prints 'round <k> tokens/s <value>', the last line
                                     'tokens/s <median>'
  --steps 0                          a whole epoch per round (1,328 windows of the full text)
  --epochs E                         instead: train E epochs and print validation and test perplexity
"""
import argparse
import math
import statistics
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_words(path):
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words.extend(line.split())
            words.append("<eos>")
    return words


def load(data_dir):
    train = read_words(Path(data_dir) / "ptb.train.txt")
    vocabulary = {}
    for w in train:
        vocabulary.setdefault(w, len(vocabulary))
    encode = lambda ws: torch.tensor([vocabulary[w] for w in ws], dtype=torch.long)
    valid = read_words(Path(data_dir) / "ptb.valid.txt")
    test = read_words(Path(data_dir) / "ptb.test.txt")
    return len(vocabulary), encode(train), encode(valid), encode(test)


def rows(tokens, batch):
    """(batch, rowLength): contiguous rows, the remainder dropped, as LanguageModelDataset."""
    length = tokens.numel() // batch
    return tokens[: length * batch].view(batch, length)


def windows(data, bptt):
    length = data.size(1)
    for start in range(0, length - 1, bptt):
        n = min(bptt, length - 1 - start)
        yield data[:, start : start + n], data[:, start + 1 : start + 1 + n]


class LstmLanguageModel(nn.Module):
    def __init__(self, vocabulary, hidden=200, layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, hidden)
        self.lstm = nn.LSTM(hidden, hidden, layers, batch_first=True)
        self.decoder = nn.Linear(hidden, vocabulary)
        nn.init.uniform_(self.embedding.weight, -0.1, 0.1)
        nn.init.uniform_(self.decoder.weight, -0.1, 0.1)
        nn.init.zeros_(self.decoder.bias)

    def forward(self, x, state):
        y, state = self.lstm(self.embedding(x), state)
        return self.decoder(y), state


def detach(state):
    return None if state is None else tuple(s.detach() for s in state)


def train_steps(model, optimizer, data, bptt, max_steps, state=None):
    """Trains up to max_steps windows (0: all); returns (steps, tokens, seconds, state)."""
    model.train()
    steps = tokens = 0
    start = time.perf_counter()
    for x, y in windows(data, bptt):
        state = detach(state)
        logits, state = model(x, state)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        optimizer.step()
        steps += 1
        tokens += y.numel()
        if steps == max_steps:
            break
    return steps, tokens, time.perf_counter() - start, state


@torch.no_grad()
def perplexity(model, data, bptt):
    model.eval()
    state, total, count = None, 0.0, 0
    for x, y in windows(data, bptt):
        logits, state = model(x, state)
        total += F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), reduction="sum").item()
        count += y.numel()
    return math.exp(total / count)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=20)
    p.add_argument("--bptt", type=int, default=35)
    p.add_argument("--lr", type=float, default=20.0)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--epochs", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count-parameters", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    vocabulary, train, valid, test = load(args.data_dir)
    model = LstmLanguageModel(vocabulary)
    if args.count_parameters:
        print("parameters", sum(t.numel() for t in model.parameters()))
        return
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    data = rows(train, args.batch_size)
    print(f"# ptb_lstm_torch: lstm-2x200, {train.numel()} training tokens, batch {args.batch_size},"
          f" bptt {args.bptt}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    if args.epochs > 0:
        lr = args.lr
        best = float("inf")
        for epoch in range(1, args.epochs + 1):
            steps, tokens, seconds, _ = train_steps(model, optimizer, data, args.bptt, 0)
            val = perplexity(model, rows(valid, 10), args.bptt)
            print(f"epoch {epoch} validation-perplexity {val:.2f} lr {lr} tokens/s {tokens / seconds:.0f}", flush=True)
            if val < best:
                best = val
            else:
                lr /= 4
                for g in optimizer.param_groups:
                    g["lr"] = lr
        print(f"test-perplexity {perplexity(model, rows(test, 10), args.bptt):.2f}")
        return
    if args.warmup > 0:
        train_steps(model, optimizer, data, args.bptt, args.warmup)
    rates = []
    for r in range(1, args.rounds + 1):
        steps, tokens, seconds, _ = train_steps(model, optimizer, data, args.bptt, args.steps)
        rates.append(tokens / seconds)
        print(f"round {r} tokens/s {rates[-1]:.1f} ms/step {1000 * seconds / steps:.1f} steps {steps}", flush=True)
    print(f"tokens/s {statistics.median(rates):.1f}")


if __name__ == "__main__":
    main()
