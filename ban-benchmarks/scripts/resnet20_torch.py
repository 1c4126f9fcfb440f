#!/usr/bin/env python3
"""PyTorch eager half of throughput.sh: CIFAR ResNet-20 label training on random data.

The same network as the catalogue's resnet-20 (He et al. 2015, section 4.2; option A zero-padding
shortcuts; 269,722 parameters on 10 classes), the same optimizer as the Java half (SGD, Nesterov
momentum 0.9, learning rate 0.1, weight decay 5e-4), the same batch and the same number of steps.
Prints 'round <k> images/s <value> ...' per round and, last, 'images/s <median>'.
With --channels-last, the model and the images are laid out channels-last (NHWC in memory), as ban's
image networks lay out their input; by default they stay NCHW, as plain eager code leaves them.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    """conv3x3-BN-ReLU-conv3x3-BN plus the shortcut, then ReLU (post-activation)."""

    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.stride = stride
        self.extra = planes - in_planes

    def shortcut(self, x):
        if self.stride == 1 and self.extra == 0:
            return x
        x = x[:, :, :: self.stride, :: self.stride]
        before = self.extra // 2
        return F.pad(x, (0, 0, 0, 0, before, self.extra - before))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, depth=20, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        layers, in_planes = [], 16
        for stage, planes in enumerate((16, 32, 64)):
            for b in range(n):
                layers.append(BasicBlock(in_planes, planes, 2 if stage > 0 and b == 0 else 1))
                in_planes = planes
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = self.layers(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20, help="timed steps per round")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--channels-last", action="store_true",
                        help="lay the model and the images out channels-last")
    parser.add_argument("--count-parameters", action="store_true",
                        help="print the trainable parameter count and exit")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = CifarResNet(20, args.classes)
    parameters = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if args.count_parameters:
        print(f"parameters {parameters}")
        return
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True,
                                weight_decay=5e-4)
    # One random batch per step, like the Java half's synthetic dataset, held in memory.
    images = torch.randn(args.steps, args.batch_size, 3, 32, 32)
    labels = torch.randint(0, args.classes, (args.steps, args.batch_size))
    if args.channels_last:
        images = [batch.contiguous(memory_format=torch.channels_last) for batch in images]
    model.train()

    def step(i):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(images[i]), labels[i])
        loss.backward()
        optimizer.step()
        return loss.item()

    layout = "channels-last" if args.channels_last else "NCHW"
    print(f"# throughput: label training, PyTorch {torch.__version__} eager, resnet-20 "
          f"({parameters} parameters), batch {args.batch_size}, {args.classes} classes, {layout}, "
          f"{torch.get_num_threads()} threads; {args.steps} steps per round after "
          f"{args.warmup} warm-up steps", flush=True)
    for i in range(args.warmup):
        step(i % args.steps)
    rates = []
    for r in range(1, args.rounds + 1):
        start = time.perf_counter()
        loss_sum = 0.0
        for i in range(args.steps):
            loss_sum += step(i)
        seconds = time.perf_counter() - start
        rate = args.steps * args.batch_size / seconds
        rates.append(rate)
        print(f"round {r} images/s {rate:.2f} ms/step {1000 * seconds / args.steps:.1f} "
              f"loss {loss_sum / args.steps:.4f}", flush=True)
    print(f"images/s {statistics.median(rates):.2f}", flush=True)


if __name__ == "__main__":
    main()
