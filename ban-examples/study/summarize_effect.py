#!/usr/bin/env python3
"""Prints the Born-Again effect study's tables (docs/results.md) from the reports effect.sh wrote.

Usage: ban-examples/study/summarize_effect.py [OUT]      (default OUT: runs/effect)

For every step found (OUT/<step>/report.json): each network's test error, mean ± sample standard
deviation over seeds, and its paired difference from its own seed's teacher (mean ± std of the
per-seed differences). A difference counts as a gain ("yes") when its mean is below zero by more
than twice its standard deviation, as a loss ("worse") when above zero by as much; "no" otherwise.
The validation columns are what regime choices were made on. Python 3 standard library only.
"""
import os
import statistics
import sys

from summarize import load  # the reproduction study's reader of OUT/<step>/report.json

STEPS = [
    ('fm-clean', 'Fashion-MNIST, clean labels, students with ban'),
    ('fm-clean-ban+l', 'Fashion-MNIST, clean labels, students with ban+l (w = 0.5)'),
    ('fm-clean-hinton', 'Fashion-MNIST, clean labels, students with hinton (T = 4, label weight 0.1)'),
    ('fm-noisy', 'Fashion-MNIST, 40% label noise, students with ban'),
    ('fm-noisy-ban+l', 'Fashion-MNIST, 40% label noise, students with ban+l (w = 0.5)'),
    ('fm-noisy-hinton', 'Fashion-MNIST, 40% label noise, students with hinton (T = 4, label weight 0.1)'),
    ('c10-clean', 'CIFAR-10 (rebuilt from JPEG), clean labels, students with ban'),
    ('c10-clean-ban+l', 'CIFAR-10 (rebuilt), clean labels, students with ban+l (w = 0.5)'),
    ('c10-clean-hinton', 'CIFAR-10 (rebuilt), clean labels, students with hinton (T = 4, label weight 0.1)'),
    ('c10-noisy', 'CIFAR-10 (rebuilt), 40% label noise, students with ban'),
    ('c10-noisy-ban+l', 'CIFAR-10 (rebuilt), 40% label noise, students with ban+l (w = 0.5)'),
    ('c10-noisy-hinton', 'CIFAR-10 (rebuilt), 40% label noise, students with hinton (T = 4, label weight 0.1)'),
    ('fm-long-clean-ban+l', 'Fashion-MNIST, clean labels, students with ban+l (w = 0.5), 30 epochs (3x)'),
    ('fm-long-noisy-ban+l', 'Fashion-MNIST, 40% label noise, students with ban+l (w = 0.5), 30 epochs (3x)'),
    ('c10-long-noisy-ban+l', 'CIFAR-10 (rebuilt), 40% label noise, students with ban+l (w = 0.5), 30 epochs (3x)'),
    ('fm-auto-clean-ban+l', 'Fashion-MNIST, clean labels, students with ban+l (w = 0.5), --generations auto (at most 5)'),
    ('c10-auto-noisy-ban+l', 'CIFAR-10 (rebuilt), 40% label noise, students with ban+l (w = 0.5), --generations auto (at most 5)'),
]


def load_step(out, step):
    """A step's report, with the reports of OUT/<step>-seeds-* (more seeds of it, run apart) merged in."""
    report = load(out, step)
    if report is None or not os.path.isdir(out):
        return report
    for name in sorted(os.listdir(out)):
        if name.startswith(step + '-seeds-'):
            more = load(out, name)
            if more:
                report['seeds'] = report['seeds'] + more['seeds']
                report['generations'] = report['generations'] + more['generations']
                report['ensembles'] = report['ensembles'] + more['ensembles']
                report['generationStops'] = (report.get('generationStops', [])
                                             + more.get('generationStops', []))
    return report


def by_seed(report, key):
    table = {}
    for entry in report['generations'] + report['ensembles']:
        value = entry.get(key)
        if value is not None and value == value:  # NaN: a reused teacher in a report older than its scoring
            table.setdefault(entry['name'], {})[entry['runSeed']] = entry[key]
    return table


def mean_std(values):
    values = list(values)
    if len(values) < 2:
        return values[0] if values else float('nan'), 0.0
    return statistics.mean(values), statistics.stdev(values)


def verdict(mean, std, n):
    if n < 2:
        return 'n/a (1 seed)'
    if mean < 0 and -mean > 2 * std:
        return 'yes'
    if mean > 0 and mean > 2 * std:
        return 'worse'
    return 'no'


def summarize(report, title):
    test = by_seed(report, 'testError')
    validation = by_seed(report, 'validationError')
    teacher = test['teacher']
    names = sorted((n for n in test if n != 'teacher'), key=lambda n: n.endswith('+T'))
    lines = ['#### %s (%s, seeds %s)' % (title, report['model'], report['seeds']), '',
             '| network | test error, mean ± std | minus own teacher | gain > 2 std? | validation error |',
             '|---|---|---|---|---|']
    m, s = mean_std(teacher.values())
    # Runs with --teacher-from now score the reused teacher on validation; older reports hold NaN.
    vtext = '%.2f ± %.2f' % mean_std(validation['teacher'].values()) if 'teacher' in validation else '(reused, not scored)'
    lines.append('| teacher | %.2f ± %.2f | | | %s |' % (m, s, vtext))
    for name in names:
        m, s = mean_std(test[name].values())
        d = [test[name][seed] - teacher[seed] for seed in test[name] if seed in teacher]
        dm, ds = mean_std(d)
        v = validation.get(name)
        vtext = '%.2f ± %.2f' % mean_std(v.values()) if v else '-'
        # With --generations auto, a column only the seeds that reached it fill.
        seeds = '' if len(d) == len(teacher) else ' (%d of %d seeds)' % (len(d), len(teacher))
        lines.append('| %s%s | %.2f ± %.2f | %+.2f ± %.2f | %s | %s |'
                     % (name, seeds, m, s, dm, ds, verdict(dm, ds, len(d)), vtext))
    stops = report.get('generationStops', [])
    if stops:
        # What --generations auto would ship: each seed's best generation on validation.
        chosen = {stop['runSeed']: test[stop['best']][stop['runSeed']] for stop in stops}
        d = [chosen[seed] - teacher[seed] for seed in chosen]
        m, s = mean_std(chosen.values())
        dm, ds = mean_std(d)
        lines.append('| best on validation, per seed | %.2f ± %.2f | %+.2f ± %.2f | %s | |'
                     % (m, s, dm, ds, verdict(dm, ds, len(d))))
        lines.append('')
        lines.extend('- seed %d: %s' % (stop['runSeed'], stop['reason']) for stop in stops)
    print('\n'.join(lines))
    print()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'runs/effect'
    for step, title in STEPS:
        report = load_step(out, step)
        if report:
            summarize(report, title)


if __name__ == '__main__':
    main()
