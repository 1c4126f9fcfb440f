#!/usr/bin/env python3
"""Prints the equal-compute tables of docs/results.md from the reports effect.sh wrote.

Usage: ban-examples/study/summarize_equal.py [OUT]      (default OUT: runs/effect)

For each step run with --baseline independent (OUT/<step>-merged/report.json where shards of seeds
ran apart and `effect.sh merge:<step>` merged them with `ban report merge`, never here; otherwise
OUT/<step>/report.json): every network's test error (mean ± sample
standard deviation over seeds) and its paired difference from its own seed's teacher, then each
born-again column against its equal-compute rival, seed for seed (BAN-k minus KD(Ind*k), Ens*k+T
minus Ind*(k+1)). A difference is a gain ("yes") when its mean is below zero by more than twice its
standard deviation, "worse" when above zero by as much, "no" otherwise. The ablation steps
(c10-noisy-equal-cwtm, -dkpp, -ban: one student each on the same teachers) get the plain table.
Python 3 standard library only.
"""
import re
import sys

from summarize import load  # the reproduction study's reader of OUT/<step>/report.json
from summarize_effect import by_seed, mean_std, verdict

STEPS = [
    ('demo-equal', "The demo's regime: Fashion-MNIST (embedded subset), 60% label noise, 5 epochs"),
    ('fm-equal-ban+l', 'Fashion-MNIST, clean labels'),
    ('c10-equal-ban+l', 'CIFAR-10 (rebuilt), clean labels'),
    ('c10-noisy-equal-ban+l', 'CIFAR-10 (rebuilt), 40% label noise'),
]
ABLATION = [
    ('c10-noisy-equal-ban+l', 'ban+l (w = 0.5)'),
    ('c10-noisy-equal-cwtm', 'cwtm'),
    ('c10-noisy-equal-dkpp', 'dkpp'),
    ('c10-noisy-equal-ban', 'ban'),
]


def rival(name):
    match = re.fullmatch(r'BAN-(\d+)', name)
    if match and int(match.group(1)) >= 2:
        return 'KD(Ind*%s)' % match.group(1)
    match = re.fullmatch(r'Ens\*(\d+)\+T', name)
    if match:
        return 'Ind*%d' % (int(match.group(1)) + 1)
    return None


def paired(test, a, b):
    d = [test[a][s] - test[b][s] for s in test[a] if s in test[b]]
    dm, ds = mean_std(d)
    wins = sum(1 for x in d if x < 0)
    return dm, ds, wins, len(d), d


def order(name):
    for i, pattern in enumerate([r'teacher', r'BAN-\d+', r'Ens\*\d+', r'Ens\*\d+\+T', r'Ind-\d+',
                                 r'Ind\*\d+', r'KD\(.*\)']):
        if re.fullmatch(pattern, name):
            return (i, name)
    return (9, name)


def summarize(report, title):
    test = by_seed(report, 'testError')
    validation = by_seed(report, 'validationError')
    teacher = test['teacher']
    lines = ['#### %s, students with %s (%s, seeds %s)' % (title, report['loss'], report['model'],
                                                          report['seeds']), '',
             '| network | test error, mean ± std | minus own teacher | gain > 2 std? | validation error |',
             '|---|---|---|---|---|']
    for name in sorted(test, key=order):
        m, s = mean_std(test[name].values())
        v = validation.get(name)
        vtext = '%.2f ± %.2f' % mean_std(v.values()) if v else '-'
        if name == 'teacher':
            lines.append('| teacher | %.2f ± %.2f | | | %s |' % (m, s, vtext))
            continue
        dm, ds, wins, n, _ = paired(test, name, 'teacher')
        lines.append('| %s | %.2f ± %.2f | %+.2f ± %.2f (%d/%d) | %s | %s |'
                     % (name, m, s, dm, ds, wins, n, verdict(dm, ds, n), vtext))
    pairs = [(name, rival(name)) for name in sorted(test, key=order) if rival(name) in test]
    if pairs:
        lines += ['', '| born-again | its equal-compute rival | born-again minus rival, per seed |'
                  ' mean ± std (better in) | born-again wins > 2 std? |', '|---|---|---|---|---|']
        for name, other in pairs:
            dm, ds, wins, n, d = paired(test, name, other)
            lines.append('| %s | %s | %s | %+.2f ± %.2f (%d/%d) | %s |'
                         % (name, other, ', '.join('%+.2f' % x for x in d), dm, ds, wins, n,
                            verdict(dm, ds, n)))
    print('\n'.join(lines))
    print()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else 'runs/effect'
    for step, title in STEPS:
        # Shards of seeds run apart, merged by `effect.sh merge:STEP`, come first.
        report = load(out, step + '-merged') or load(out, step)
        if report:
            summarize(report, title)
    rows = []
    for step, loss in ABLATION:
        report = load(out, step + '-merged') or load(out, step)
        if report:
            test = by_seed(report, 'testError')
            dm, ds, wins, n, d = paired(test, 'BAN-1', 'teacher')
            m, s = mean_std(test['BAN-1'].values())
            rows.append('| %s | %s | %.2f ± %.2f | %s | %+.2f ± %.2f (%d/%d) | %s |'
                        % (loss, ', '.join(str(x) for x in sorted(test['BAN-1'])), m, s,
                           ', '.join('%+.2f' % x for x in d), dm, ds, wins, n, verdict(dm, ds, n)))
    if rows:
        print('#### CIFAR-10 (rebuilt), 40% label noise: BAN-1 by student loss, same teachers\n')
        print('| student loss | seeds | BAN-1 test error | minus own teacher, per seed |'
              ' mean ± std (better in) | gain > 2 std? |')
        print('|---|---|---|---|---|---|')
        print('\n'.join(rows))


if __name__ == '__main__':
    main()
