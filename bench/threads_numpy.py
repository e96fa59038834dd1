"""numpy peer of bench/threads.bench.ts (issue 12): the same rows, on the same inputs, at one
OpenBLAS thread count.

Run by the bench, once per thread count t, as
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=t OMP_NUM_THREADS=t \
        python3 bench/threads_numpy.py <dir> <reps> <rows>
where <dir> holds the column-major float64 inputs the bench wrote (spec.json lists them),
<reps> is the best-of count and <rows> a comma-separated subset of
gemm,chol,qr,svd,lstsq,swim,anmin. Prints one JSON object: for every row the best wall-clock
seconds (time.perf_counter; after one warm-up run, except the SWIM fit: best of min(<reps>, 2)
without warm-up, as on the lsqnet side; GEMM best of max(<reps>, 10)) and a SHA-256 prefix of the
result's bytes, so the bench can show whether OpenBLAS is bit-identical across thread counts.

The two model rows are numpy implementations of the same algorithms (ALGORITHMS.md §6, §7.3),
not of lsqnet's code: SWIM (tanh sampler, classification, width M, candidate pairs scored by
1/‖Δx‖ for pairs of different labels, [Φ, 1] solved by np.linalg.lstsq with rcond 1e-8) and
ANMIN (h = 64, ReLU, λ = 1e-3, 30 iterations, H assembled as ZᵀZ in batches of 4096 rows, one
BLAS call per batch, Cholesky solves with the clamped-SVD fallback of §7.3 step 5). Their random
draws differ from lsqnet's, so their hashes only compare numpy with itself.
"""
import hashlib
import json
import os
import sys
import time

import numpy as np
import scipy.linalg as sl


def load(spec, name):
    f, m, n = spec[name]
    return np.asfortranarray(np.fromfile(f, dtype=np.float64).reshape((n, m)).T)


def digest(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes(order='F'))
    return h.hexdigest()[:12]


def best(fn, reps, warm=True):
    """Best wall seconds of `reps` runs (after a warm-up run when `warm`) and the last result."""
    out = fn() if warm else None
    t = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def swim_fit(X, labels, M, seed):
    """SWIM, ALGORITHMS.md §6.2-6.5: tanh sampler, classification (one-hot targets), rcond 1e-8."""
    rng = np.random.default_rng(seed)
    N = X.shape[0]
    classes = np.unique(labels)
    Y = (labels[:, None] == classes[None, :]).astype(np.float64)
    reps = max(1, -(-M // N))
    P = N * reps
    frm = rng.integers(0, N, P)
    to = (frm + rng.integers(1, N, P)) % N
    dx = X[to] - X[frm]
    dist = np.maximum(np.linalg.norm(dx, axis=1), 1e-10)
    g = (labels[to] != labels[frm]) / dist
    p = g / g.sum() if g.sum() >= 1e-10 else np.full(P, 1.0 / P)
    pick = rng.choice(P, size=M, replace=True, p=p)
    s2 = 0.5 * np.log(3.0)
    s1 = 2 * s2
    d = dx[pick]
    dd = dist[pick]
    W = (s1 * d / (dd * dd)[:, None]).T
    b = -np.einsum('ij,ji->i', X[frm[pick]], W) - s2
    Phi = np.tanh(X @ W + b)
    F = np.hstack([Phi, np.ones((N, 1))])
    theta = np.linalg.lstsq(F, Y, rcond=1e-8)[0]
    return W, b, theta


def anmin_fit(X, y, h, iters, seed, lam=1e-3, tau=-10000.0, clamp=1e-4):
    """ANMIN, ALGORITHMS.md §7.3 (ReLU, sum convention, selection by training MSE)."""
    rng = np.random.default_rng(seed)
    N, d = X.shape
    Xt = np.hstack([np.ones((N, 1)), X])
    D = d + 1
    Y = y.reshape(N, -1)

    def fit_out(A):
        S = np.maximum(Xt @ A, 0.0)
        S1 = np.hstack([np.ones((N, 1)), S])
        K = S1.T @ S1 + lam * np.eye(h + 1)
        theta = sl.cho_solve(sl.cho_factor(K, lower=True), S1.T @ Y)
        return theta[1:], theta[0]

    def mse(A, B, b0):
        return float(np.mean((np.maximum(Xt @ A, 0.0) @ B + b0 - Y) ** 2))

    A = rng.standard_normal((D, h))
    G = (Xt @ A > 0).astype(np.float64)
    B, b0 = fit_out(A)
    best_fit = (mse(A, B, b0), A, B, b0)
    for _ in range(iters):
        R = (Y - b0) @ B.T
        c = ((R * G)[:, :, None] * Xt[:, None, :]).sum(axis=0).reshape(-1)
        H = np.zeros((D * h, D * h))
        for r0 in range(0, N, 4096):
            Z = (G[r0:r0 + 4096, :, None] * Xt[r0:r0 + 4096, None, :]).reshape(-1, D * h)
            H += Z.T @ Z
        BBt = B @ B.T
        H *= np.kron(BBt, np.ones((D, D)))
        H[np.diag_indices_from(H)] += lam
        try:
            L = np.linalg.cholesky(H)
            logdet = 2 * np.sum(np.log(np.diag(L)))
        except np.linalg.LinAlgError:
            L, logdet = None, -np.inf
        if L is not None and logdet > tau:
            a = sl.cho_solve((L, True), c)
        else:
            U, s, Vt = np.linalg.svd(H)
            a = Vt.T @ ((U.T @ c) / np.maximum(s, clamp))
        A = a.reshape(h, D).T
        G = (Xt @ A > 0).astype(np.float64)
        B, b0 = fit_out(A)
        loss = mse(A, B, b0)
        if loss < best_fit[0]:
            best_fit = (loss, A, B, b0)
    return best_fit


def main():
    folder, reps, rows = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(',')
    with open(os.path.join(folder, 'spec.json')) as f:
        spec = json.load(f)
    out = {'threads': os.environ.get('OPENBLAS_NUM_THREADS', '?'), 'numpy': np.__version__}
    if 'gemm' in rows:
        G1, G2 = load(spec, 'G1'), load(spec, 'G2')
        t, C = best(lambda: G1 @ G2, max(reps, 10))
        out['gemm'] = {'s': t, 'hash': digest(C)}
    if 'chol' in rows:
        P = load(spec, 'P')
        t, L = best(lambda: np.linalg.cholesky(P), reps)
        out['chol'] = {'s': t, 'hash': digest(L)}
    if 'qr' in rows or 'svd' in rows:
        A1 = load(spec, 'A1')
        if 'qr' in rows:
            t, (hh, tau) = best(lambda: np.linalg.qr(A1, mode='raw'), reps)
            out['qr'] = {'s': t, 'hash': digest(hh, tau)}
        if 'svd' in rows:
            t, (U, s, Vt) = best(lambda: np.linalg.svd(A1, full_matrices=False), reps)
            out['svd'] = {'s': t, 'hash': digest(s, U, Vt)}
    if 'lstsq' in rows:
        F, y = load(spec, 'F'), load(spec, 'y')[:, 0].copy()
        t, res = best(lambda: np.linalg.lstsq(F, y, rcond=1e-8), reps)
        out['lstsq'] = {'s': t, 'hash': digest(res[0]), 'rank': int(res[2])}
    if 'swim' in rows:
        X = np.ascontiguousarray(load(spec, 'mnistX'))
        labels = load(spec, 'mnistY')[:, 0].astype(np.int64)
        width = int(spec['swimWidth'])
        t, (W, b, theta) = best(lambda: swim_fit(X, labels, width, 1), min(reps, 2), warm=False)
        out['swim'] = {'s': t, 'hash': digest(W, b, theta)}
    if 'anmin' in rows:
        X, y = load(spec, 'abaloneX'), load(spec, 'abaloneY')
        t, fit = best(lambda: anmin_fit(X, y, 64, 30, 1), reps)
        out['anmin'] = {'s': t, 'hash': digest(fit[1], fit[2], fit[3]), 'mse': fit[0]}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
