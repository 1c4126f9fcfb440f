"""Born-Again runs in plain PyTorch, as an independent cross-check of the Java library.

The same data as the `ban` command (the Fashion-MNIST subset embedded in the jar, the IDX files of a
directory, or a directory of CIFAR-10 binary files), split the same way (the last VALIDATION images of the training files validate,
the first TRAIN_SUBSET of the rest train), normalised the same way ((x/255 - mean) / std of the
training part, per channel), with CIFAR-10's augmentation (zero-padded by 4, random 32x32 crop,
random horizontal flip), with the same label noise (the same images get the same wrong classes: Java's
SplittableRandom is reproduced below), the same networks as the presets `cnn-small-grey`,
`cnn-3x2-grey` and `cnn-3x2-rgb` (convolutions without bias, batch norm, ReLU, max-pool, linear),
the same recipe (SGD, Nesterov momentum 0.9, weight decay 5e-4; the `wrn` schedule x0.2 at
30/60/80% of the epochs or `cosine` to 0 per step, after DJL's linear warm-up over
--warmup-epochs), teacher on the (noisy) labels, students on the previous generation with
ban, ban+l (w CE + (1-w) BAN) or hinton (w CE + (1-w) T^2 KD_T), ensembles averaging probabilities.
Only the random streams differ (initialisation, shuffling), as between two seeds.

Usage: /usr/bin/python3 ban-benchmarks/scripts/ban_demo_torch.py [options] [SEED ...]
  (Debian's python3-torch; see --help. The defaults are `ban demo`'s: the embedded subset,
  cnn-3x2-grey, 60% of the training labels noisy, 5 epochs of which 1 of warm-up then a cosine
  from 0.1, batch 64, BAN+L students with label weight 0.2, 2 generations, seeds 1 2 3. The
  earlier demo's regime: --label-noise 0 --epochs 10 --warmup-epochs 0 --label-weight 0.5.)
Prints one row per seed, the mean ± std over seeds, and each network minus its own seed's teacher.
"""
import argparse
import gzip
import math
import statistics
import struct
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDED = Path(__file__).resolve().parents[2] / "ban-datasets/src/main/resources/dev/bornagain/datasets/fashion-mnist-demo"
LABEL_NOISE_SEED = 20260  # PipelineData.LABEL_NOISE_SEED
M64 = (1 << 64) - 1


class SplittableRandom:
    """java.util.SplittableRandom(seed).nextInt(bound), bit for bit (JDK 17)."""

    def __init__(self, seed):
        self.seed = seed & M64

    def _next_int(self):
        self.seed = (self.seed + 0x9e3779b97f4a7c15) & M64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62a9d9ed799705f5) & M64
        r = (((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3) & M64) >> 32
        return r - (1 << 32) if r >= (1 << 31) else r

    def next_int(self, bound):
        r = self._next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xffffffff) >> 1
        while True:
            r = u % bound
            if ((u + m - r + (1 << 31)) & 0xffffffff) - (1 << 31) >= 0:
                return r
            u = (self._next_int() & 0xffffffff) >> 1


def noisy_labels(labels, fraction, classes, seed=LABEL_NOISE_SEED):
    """ImageSet.withNoisyLabels: the same images, the same wrong classes."""
    labels = labels.copy()
    if fraction == 0:
        return labels
    order = list(range(len(labels)))
    random = SplittableRandom(seed)
    for i in range(len(order) - 1, 0, -1):
        j = random.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    for i in range(int(math.floor(fraction * len(labels) + 0.5))):
        index = order[i]
        other = random.next_int(classes - 1)
        labels[index] = other + 1 if other >= labels[index] else other
    return labels


def idx(path):
    raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", raw[8:16])
        return np.frombuffer(raw[16:], np.uint8).reshape(count, 1, rows, cols)
    return np.frombuffer(raw[8:], np.uint8).astype(np.int64)


def find(directory, name):
    for candidate in (directory / (name + ".gz"), directory / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(directory / name)


def cifar(directory):
    """CifarDataset's files: data_batch_1..5.bin (training) and test_batch.bin, 1 label + 3x32x32 bytes."""
    def read(names):
        raw = np.concatenate([np.fromfile(directory / name, np.uint8) for name in names]).reshape(-1, 3073)
        return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)
    images, labels = read([f"data_batch_{k}.bin" for k in range(1, 6)])
    test_x, test_y = read(["test_batch.bin"])
    return images, labels, test_x, test_y


def load(args):
    directory = EMBEDDED if args.data == "embedded" else Path(args.data)
    if (directory / "data_batch_1.bin").exists():
        return load_split(args, *cifar(directory))
    validation = args.validation_size if args.validation_size is not None else (1000 if args.data == "embedded" else 5000)
    images = idx(find(directory, "train-images-idx3-ubyte"))
    labels = idx(find(directory, "train-labels-idx1-ubyte"))
    test_x = idx(find(directory, "t10k-images-idx3-ubyte"))
    test_y = idx(find(directory, "t10k-labels-idx1-ubyte"))
    return load_split(args, images, labels, test_x, test_y, validation)


def load_split(args, images, labels, test_x, test_y, validation=5000):
    """ImageDataset's split: the last `validation` training images validate; statistics and label
    noise come from the rest, before the training subset is taken."""
    if args.validation_size is not None:
        validation = args.validation_size
    train_count = len(images) - validation
    train_x, train_y = images[:train_count], noisy_labels(labels[:train_count], args.label_noise, 10)
    val_x, val_y = images[train_count:], labels[train_count:]
    scaled = train_x.astype(np.float64) / 255
    mean = scaled.mean(axis=(0, 2, 3), keepdims=True)[0]
    std = scaled.std(axis=(0, 2, 3), keepdims=True)[0]
    if args.train_subset:
        train_x, train_y = train_x[:args.train_subset], train_y[:args.train_subset]
    if args.eval_subset:
        val_x, val_y = val_x[:args.eval_subset], val_y[:args.eval_subset]
        test_x, test_y = test_x[:args.eval_subset], test_y[:args.eval_subset]

    def tensor(x):
        return torch.tensor(((x.astype(np.float64) / 255 - mean) / std).astype(np.float32))

    return (tensor(train_x), torch.tensor(train_y)), (tensor(val_x), torch.tensor(val_y)), (tensor(test_x), torch.tensor(test_y))


def net(model):
    widths, convolutions, dropout = {"cnn-small-grey": ((32, 64), 1, 0.25), "cnn-3x2-grey": ((16, 32, 64), 2, 0.0),
                                     "cnn-3x2-rgb": ((16, 32, 64), 2, 0.0)}[model]
    layers, channels, side = [], (3 if model.endswith("-rgb") else 1), (32 if model.endswith("-rgb") else 28)
    for width in widths:
        for _ in range(convolutions):
            conv = nn.Conv2d(channels, width, 3, padding=1, bias=False)
            nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
            layers += [conv, nn.BatchNorm2d(width), nn.ReLU()]
            channels = width
        layers.append(nn.MaxPool2d(2))
        side //= 2
    if dropout:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(channels * side * side, 10))


def distillation(args, logits, labels, teacher_logits):
    log_q = F.log_softmax(logits, 1)
    if args.loss == "ban":
        return -(F.softmax(teacher_logits, 1) * log_q).sum(1).mean()
    if args.loss == "ban+l":
        kd = -(F.softmax(teacher_logits, 1) * log_q).sum(1).mean()
        return args.label_weight * F.cross_entropy(logits, labels) + (1 - args.label_weight) * kd
    t = args.temperature
    kd = -(F.softmax(teacher_logits / t, 1) * F.log_softmax(logits / t, 1)).sum(1).mean() * t * t
    return args.label_weight * F.cross_entropy(logits, labels) + (1 - args.label_weight) * kd


def error(models, data):
    x, y = data
    with torch.no_grad():
        p = sum(F.softmax(m(x), 1) for m in models) / len(models)
    return 100.0 * (p.argmax(1) != y).float().mean().item()


def crop_and_flip(images, pad=4):
    """Augmentation.cropAndFlip(4): zero-pad the normalised images, crop at random, flip half."""
    padded = F.pad(images, (pad, pad, pad, pad))
    size = images.shape[-1]
    rows = torch.randint(0, 2 * pad + 1, (len(images),))
    cols = torch.randint(0, 2 * pad + 1, (len(images),))
    flips = torch.rand(len(images)) < 0.5
    out = torch.stack([padded[i, :, r:r + size, c:c + size] for i, (r, c) in enumerate(zip(rows.tolist(), cols.tolist()))])
    out[flips] = out[flips].flip(-1)
    return out


def train(args, seed, data, teacher=None):
    torch.manual_seed(seed)
    x, y = data
    model = net(args.model)
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    batches = math.ceil(len(x) / args.batch_size)
    total = args.epochs * batches
    warm = args.warmup_epochs * batches  # WarmUpTracker, linear from base / warm steps
    main_epochs, main_total = args.epochs - args.warmup_epochs, total - warm
    if args.schedule == "cosine":
        after = lambda step: 0.5 * (1 + math.cos(math.pi * step / main_total))
    else:
        milestones = [round(f * main_epochs) * batches for f in (0.3, 0.6, 0.8)]
        after = lambda step: 0.2 ** sum(step >= m for m in milestones)
    rate = lambda step: (1 / warm + (1 - 1 / warm) * step / warm) if step < warm else after(step - warm)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, rate)
    augment = x.shape[1] == 3  # CifarDataset's default for its training split
    for _ in range(args.epochs):
        model.train()
        for batch in torch.randperm(len(x)).split(args.batch_size):
            inputs = crop_and_flip(x[batch]) if augment else x[batch]
            logits = model(inputs)
            if teacher is None:
                loss = F.cross_entropy(logits, y[batch])
            else:
                with torch.no_grad():
                    teacher_logits = teacher(inputs)
                loss = distillation(args, logits, y[batch], teacher_logits)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", nargs="*", type=int, default=[1, 2, 3])
    parser.add_argument("--data", default="embedded",
                        help="'embedded', a directory of Fashion-MNIST IDX files, or one of CIFAR-10 .bin files")
    parser.add_argument("--train-subset", type=int, default=0)
    parser.add_argument("--eval-subset", type=int, default=0)
    parser.add_argument("--validation-size", type=int)
    parser.add_argument("--model", default="cnn-3x2-grey", choices=["cnn-small-grey", "cnn-3x2-grey", "cnn-3x2-rgb"])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--schedule", default="cosine", choices=["cosine", "wrn"])
    parser.add_argument("--warmup-epochs", type=int, default=1)
    parser.add_argument("--loss", default="ban+l", choices=["ban", "ban+l", "hinton"])
    parser.add_argument("--label-weight", type=float, default=0.2)
    parser.add_argument("--temperature", type=float, default=4.0)
    parser.add_argument("--label-noise", type=float, default=0.6)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    train_data, validation, test = load(args)
    names = ["Teacher"] + [f"BAN-{k}" for k in range(1, args.generations + 1)]
    ensembles = []
    if args.generations >= 2:
        ensembles.append((f"Ens*{args.generations}", lambda g: g[1:]))
    ensembles.append((f"Ens*{args.generations}+T", lambda g: g))
    columns = names + [name for name, _ in ensembles]
    print(f"# {vars(args)}")
    print("| seed | split | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    results = {}
    for seed in args.seeds:
        generations = [train(args, seed * 1000, train_data)]
        for k in range(1, args.generations + 1):
            generations.append(train(args, seed * 1000 + k, train_data, teacher=generations[-1]))
        for split, data in (("validation", validation), ("test", test)):
            cells = [error([m], data) for m in generations] + [error(members(generations), data) for _, members in ensembles]
            results[(seed, split)] = cells
            print(f"| {seed} | {split} | " + " | ".join(f"{c:.2f}" for c in cells) + " |", flush=True)
    for split in ("validation", "test"):
        rows = [results[(s, split)] for s in args.seeds]
        mean = [statistics.mean(c) for c in zip(*rows)]
        spread = [statistics.stdev(c) if len(rows) > 1 else 0.0 for c in zip(*rows)]
        print(f"| mean ± std | {split} | " + " | ".join(f"{m:.2f} ± {s:.2f}" for m, s in zip(mean, spread)) + " |")
        paired = [[r[i] - r[0] for r in rows] for i in range(1, len(columns))]
        print(f"| minus own teacher | {split} | | " + " | ".join(
            f"{statistics.mean(d):+.2f} ± {statistics.stdev(d) if len(d) > 1 else 0.0:.2f}" for d in paired) + " |")


if __name__ == "__main__":
    main()
