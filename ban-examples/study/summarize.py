#!/usr/bin/env python3
"""Prints the reproduction study's tables (docs/results.md) from the reports reproduce.sh wrote.

Usage: ban-examples/study/summarize.py [OUT]      (default OUT: runs/study)

Reads OUT/<step>/report.json for the steps fashion, fashion-ban+l, fashion-cwtm, fashion-dkpp,
cifar10 and ptb (missing ones are skipped) and prints Markdown: per-seed values, mean ± sample
standard deviation over seeds, and each network's paired difference from its own seed's teacher,
which removes the part of the seed noise the teacher and its students share. Python 3 standard
library only.
"""
import json
import os
import statistics
import sys


def load(out, step):
    path = os.path.join(out, step, 'report.json')
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def by_seed(report, key):
    """name -> {seed: value} for every generation and ensemble of a report."""
    table = {}
    for entry in report['generations'] + report['ensembles']:
        table.setdefault(entry['name'], {})[entry['runSeed']] = entry.get(key)
    return table


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return '-'
    if len(values) == 1:
        return '%.2f' % values[0]
    return '%.2f ± %.2f' % (statistics.mean(values), statistics.stdev(values))


def diff(values, teacher):
    pairs = [values[s] - teacher[s] for s in values if s in teacher and values[s] is not None]
    return stats(pairs) if pairs else '-'


def table(columns, rows):
    lines = ['| ' + ' | '.join(columns) + ' |', '|' + '---|' * len(columns)]
    lines += ['| ' + ' | '.join(row) + ' |' for row in rows]
    return '\n'.join(lines)


def generations_table(report, names, test_key, validation_key, unit):
    test = by_seed(report, test_key)
    validation = by_seed(report, validation_key)
    seeds = report['seeds']
    names = [n for n in names if n in test]
    rows = []
    for seed in seeds:
        rows.append(['seed %d, test' % seed] + ['%.2f' % test[n][seed] for n in names])
    rows.append(['**test, mean ± std**'] + ['**' + stats(test[n].values()) + '**' for n in names])
    rows.append(['test, minus own teacher'] + [diff(test[n], test['teacher']) for n in names])
    rows.append(['validation, mean ± std'] +
                [stats(validation[n].values()) if n in validation else '-' for n in names])
    print(table(['%s (%s)' % (report['model'], unit)] + names, rows))
    print()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'runs/study'
    order = ['teacher', 'BAN-1', 'BAN-2', 'BAN-3', 'Ens*2', 'Ens*3', 'Ens*3+T']
    for step, title in (('fashion', 'Fashion-MNIST'), ('cifar10', 'CIFAR-10 (rebuilt from JPEG)')):
        report = load(out, step)
        if report:
            print('### %s, BAN generations, test error %%\n' % title)
            generations_table(report, order, 'testError', 'validationError', 'error %')

    base = load(out, 'fashion')
    if base:
        columns = [('BAN', base)]
        for loss in ('ban+l', 'cwtm', 'dkpp'):
            report = load(out, 'fashion-' + loss)
            if report:
                columns.append((loss.upper(), report))
        teacher = by_seed(base, 'testError')['teacher']
        teacher_validation = by_seed(base, 'validationError')['teacher']
        rows = [['teacher (shared)', stats(teacher.values()), '-',
                 stats(teacher_validation.values()), '-']]
        for name, report in columns:
            test = by_seed(report, 'testError')
            validation = by_seed(report, 'validationError')['BAN-1']
            pair = test.get('Ens*1+T')
            rows.append(['BAN-1, ' + name, stats(test['BAN-1'].values()),
                         diff(test['BAN-1'], teacher), stats(validation.values()),
                         diff(pair, teacher) if pair else '-'])
        print('### Fashion-MNIST, BAN-1 by student loss, test error %\n')
        print(table(['student loss', 'BAN-1 test, mean ± std', 'BAN-1 minus own teacher',
                     'validation', 'Ens*1+T minus own teacher'], rows))
        print()

    ptb = load(out, 'ptb')
    if ptb:
        print('### Penn Treebank, teacher and one BAN+L student (BAN-1), perplexity\n')
        generations_table(ptb, ['teacher', 'BAN-1', 'Ens*1+T'], 'testPerplexity',
                          'validationPerplexity', 'perplexity')


if __name__ == '__main__':
    main()
