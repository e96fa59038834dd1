// The threaded runtime gives the same bits as the single-thread build: a representative slice
// (lstsq SVD and QR, qr, Cholesky, eigh, a SWIM fit, AᵀA of a 700×500 matrix) runs in a child
// process on the threaded build at 1, 2 and 3 threads; every output must be bit-identical
// across thread counts (Object.is on every element, in the child) and byte-identical to this
// process's single-thread build (SHA-256 of the exact bytes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, runtimeInfo } from '../../src/index.js';
import { digests, runSlice } from '../helpers/threads-slice.js';

const here = dirname(fileURLToPath(import.meta.url));

test('threaded runtime at 1, 2, 3 threads = single-thread build, bit for bit', async () => {
  const single = await init();
  assert.is(runtimeInfo().build, 'single', 'the test runner runs the single-thread build');
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'threads-slice.child.ts')], { encoding: 'utf8', timeout: 120_000 });
  assert.is(res.status, 0, res.stderr);
  const o = JSON.parse(res.stdout.trim().split('\n').pop()!) as {
    info: { build: string; threads: number; relaxedSimd: boolean };
    digests: Record<string, Record<string, string>>; diff: Record<string, number>;
  };
  assert.is(o.info.build, 'threads');
  assert.is(o.info.threads, 2);
  assert.is(o.info.relaxedSimd, single.relaxedSimd, 'same SIMD flavour in both processes');
  const names = Object.keys(o.diff);
  assert.equal(names.sort(), ['cholL', 'eighValues', 'eighVectors', 'lstsqQr', 'lstsqSvd', 'matmulAtA', 'qrR', 'swimPredict']);
  for (const name of names) assert.is(o.diff[name], 0, `${name}: elements differing between 1 and 2/3 threads`);
  const here1 = digests(runSlice());
  for (const t of ['1', '2', '3']) {
    for (const name of names) assert.is(o.digests[t]![name], here1[name], `${name} at ${t} threads vs the single-thread build`);
  }
});

test.run();
