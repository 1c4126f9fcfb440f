#!/usr/bin/env python3
"""Rebuild the embedded Fashion-MNIST demo subset from the official IDX files.

Usage: make-fashion-mnist-demo.py SOURCE_DIR [OUT_DIR]

SOURCE_DIR holds the four official files (train-images-idx3-ubyte.gz, ...; gzipped or not).
Writes the first 6,000 training and all 10,000 test images and labels as valid gzipped IDX
files (headers rewritten with the new counts, gzip timestamp 0 so the output is byte-identical on
every run) to OUT_DIR, by default
src/main/resources/dev/bornagain/datasets/fashion-mnist-demo of this module (ban-datasets).
"""
import gzip
import os
import struct
import sys

TRAIN, TEST = 6000, 10000
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(
    HERE, "..", "src", "main", "resources", "dev", "bornagain", "datasets", "fashion-mnist-demo")


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def find(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            return path
    sys.exit("missing %s(.gz) in %s" % (name, directory))


def subset_images(data, count):
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    assert magic == 0x803 and n >= count, (magic, n)
    return struct.pack(">IIII", magic, count, rows, cols) + data[16:16 + count * rows * cols]


def subset_labels(data, count):
    magic, n = struct.unpack(">II", data[:8])
    assert magic == 0x801 and n >= count, (magic, n)
    return struct.pack(">II", magic, count) + data[8:8 + count]


def write(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as f:
            f.write(payload)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    source = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) == 3 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    for prefix, count in (("train", TRAIN), ("t10k", TEST)):
        images = read(find(source, prefix + "-images-idx3-ubyte"))
        labels = read(find(source, prefix + "-labels-idx1-ubyte"))
        write(os.path.join(out, prefix + "-images-idx3-ubyte.gz"), subset_images(images, count))
        write(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"), subset_labels(labels, count))


if __name__ == "__main__":
    main()
