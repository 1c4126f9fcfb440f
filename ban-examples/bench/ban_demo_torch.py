"""The `ban demo` recipe in plain PyTorch, as an independent cross-check of the Java library.

Same data (the embedded Fashion-MNIST subset: first 5,000 training images to train, the next
1,000 to validate, 1,000 test images), same network as the `cnn-small-grey` preset
(2 x conv3x3(no bias)-BN-ReLU-maxpool2, widths 32 and 64, dropout 0.25, linear; 50,282
parameters), same recipe (SGD lr 0.02, Nesterov momentum 0.9, weight decay 5e-4, x0.2 at 30%,
60%, 80% of the epochs, batch 64, 10 epochs), teacher on labels, students on the previous
generation's softmax (BAN), ensembles averaging probabilities.

Usage: /usr/bin/python3 ban-examples/bench/ban_demo_torch.py [SEED ...]   (Debian python3-torch)
"""
import gzip, struct, sys
from pathlib import Path
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = Path(__file__).resolve().parents[1] / "src/main/resources/dev/bornagain/examples/data/fashion-mnist-demo"
EPOCHS, BATCH, LR = 10, 64, 0.02


def idx(name):
    raw = gzip.open(DATA / name).read()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 0x803:
        return np.frombuffer(raw[16:], np.uint8).reshape(count, 1, 28, 28).astype(np.float32) / 255
    return np.frombuffer(raw[8:], np.uint8).astype(np.int64)


def net():
    layers, channels = [], 1
    for width in (32, 64):
        layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width),
                   nn.ReLU(), nn.MaxPool2d(2)]
        channels = width
    return nn.Sequential(*layers, nn.Dropout(0.25), nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


def error(models, x, y):
    with torch.no_grad():
        p = sum(F.softmax(m(x), 1) for m in models) / len(models)
    return 100.0 * (p.argmax(1) != y).float().mean().item()


def train(seed, x, y, teacher=None):
    torch.manual_seed(seed)
    model = net()
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9, nesterov=True, weight_decay=5e-4)
    steps = [round(f * EPOCHS) for f in (0.3, 0.6, 0.8)]
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, steps, 0.2)
    for _ in range(EPOCHS):
        model.train()
        for batch in torch.randperm(len(x)).split(BATCH):
            logits = model(x[batch])
            if teacher is None:
                loss = F.cross_entropy(logits, y[batch])
            else:
                with torch.no_grad():
                    p = F.softmax(teacher(x[batch]), 1)
                loss = -(p * F.log_softmax(logits, 1)).sum(1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
    model.eval()
    return model


def main(seeds):
    torch.set_num_threads(2)
    images, labels = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
    test_x, test_y = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    mean, std = images[:5000].mean(), images[:5000].std()
    x, y = torch.tensor((images[:5000] - mean) / std), torch.tensor(labels[:5000])
    tx, ty = torch.tensor((test_x - mean) / std), torch.tensor(test_y)
    print("| seed | Teacher | BAN-1 | BAN-2 | BAN-3 | Ens*2 | Ens*3 | Ens*3+T |")
    for seed in seeds:
        generations = [train(seed * 1000, x, y)]
        for k in range(1, 4):
            generations.append(train(seed * 1000 + k, x, y, teacher=generations[-1]))
        cells = [error([m], tx, ty) for m in generations]
        cells += [error(generations[1:3], tx, ty), error(generations[1:4], tx, ty), error(generations, tx, ty)]
        print(f"| {seed} | " + " | ".join(f"{c:.2f}" for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [1])
