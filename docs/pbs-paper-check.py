#!/usr/bin/env python3
"""The PBS paper's WARS model, independent of caplab, for the comparison in docs/quorum.md.

For each (profile, R, W) with N=3 it draws W, A, R, S per replica, as the paper's Section 5 states
the model, and computes per trial the visibility time T: the read started t after the commit is
consistent iff t >= T, where T = min over the R fastest responders (by R+S) of W[i] - commit - R[i].
It prints P(consistent) at the paper's t and at t=0, the model's own 99.9% t-visibility, and what
the paper's estimator would report: the first t of a sweep (grid step as the paper's figures
suggest) whose 50,000 fresh trials reach 99.9%, over 4,000 simulated sweeps (median, central 95%,
and where the paper's figure falls). WAN: each replica in its own datacenter, 75 ms more on every
leg between datacenters, the write and the read each routed to a random datacenter.

Needs numpy. Takes about a minute: python3 docs/pbs-paper-check.py
"""
import numpy as np

rng = np.random.default_rng(12345)


def mix(pareto_weight, xm, alpha, lam):
    def draw(n):
        pareto = xm / rng.random(n) ** (1.0 / alpha)
        return np.where(rng.random(n) < pareto_weight, pareto, rng.exponential(1.0 / lam, n))
    return draw


SSD, DISK_W = mix(.9122, .235, 10, 1.66), mix(.38, 1.05, 1.51, .183)
YMMR_W, YMMR_ARS = mix(.939, 3, 3.35, .0028), mix(.982, 1.5, 3.8, .0217)
PROFILES = {'LNKD-SSD': (SSD, SSD, SSD, SSD), 'LNKD-DISK': (DISK_W, SSD, SSD, SSD),
            'YMMR': (YMMR_W, YMMR_ARS, YMMR_ARS, YMMR_ARS), 'WAN': (DISK_W, SSD, SSD, SSD)}
# profile, R, W, the paper's t-visibility at 99.9% (Table 4), the sweep step its figures suggest
ROWS = [('LNKD-SSD', 1, 1, 1.85, .01), ('LNKD-SSD', 1, 2, 1.79, .01), ('LNKD-DISK', 1, 1, 45.5, .1),
        ('LNKD-DISK', 1, 2, 43.3, .1), ('LNKD-DISK', 2, 1, 13.6, .1), ('YMMR', 1, 1, 1364.0, 1),
        ('YMMR', 1, 2, 1352.0, 1), ('YMMR', 2, 1, 202.0, 1), ('WAN', 1, 1, 113.0, .1), ('WAN', 2, 1, 30.2, .1)]


def visibility_times(profile, r, w, trials, n=3):
    legs = PROFILES[profile]
    ws, a, rs, s = (np.stack([leg(trials) for _ in range(n)], 1) for leg in legs)
    if profile == 'WAN':
        replica = np.arange(n)[None, :]
        write_remote = (replica != rng.integers(0, n, trials)[:, None]) * 75.0
        read_remote = (replica != rng.integers(0, n, trials)[:, None]) * 75.0
        ws, a, rs, s = ws + write_remote, a + write_remote, rs + read_remote, s + read_remote
    commit = np.sort(ws + a, 1)[:, w - 1]
    fastest = np.argsort(rs + s, 1)[:, :r]
    return (np.take_along_axis(ws - rs, fastest, 1) - commit[:, None]).min(1)


for profile, r, w, paper_t, step in ROWS:
    t = np.sort(np.concatenate([visibility_times(profile, r, w, 1_000_000) for _ in range(10)]))
    p = lambda x: np.searchsorted(t, x, side='right') / len(t)
    t999 = np.quantile(t, .999)
    grid = np.arange(0, 1.3 * t999 + step, step)
    sweeps = rng.binomial(50_000, np.tile(p(grid), (4000, 1))) / 50_000
    estimates = grid[np.argmax(sweeps >= .999, 1)]
    print('%-9s R=%d W=%d  P(t=0) %.3f%%  paper t %7.2f: P %.4f%%  model t99.9 %8.2f  paper\'s estimator: '
          'median %8.2f, 95%% %8.2f..%8.2f, paper at percentile %3.0f'
          % (profile, r, w, 100 * p(0), paper_t, 100 * p(paper_t), t999, np.median(estimates),
             np.quantile(estimates, .025), np.quantile(estimates, .975), 100 * np.mean(estimates <= paper_t)))
