// Addresses above 2 GiB: wasm32 addresses reach 4 GiB, and the allocator's pointers come back
// from wasm as signed i32. A matrix placed above the 2 GiB line must be a live, usable matrix
// (it used to look "disposed", breaking the library for the rest of the process). Runs in a
// child process so the 2.7 GB heap does not stay with the test runner.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EPS } from '../helpers/index.js';

const here = dirname(fileURLToPath(import.meta.url));

test('matrices above the 2 GiB address line compute right and free back to zero', () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'high-address.child.ts')], { encoding: 'utf8', timeout: 120_000 });
  assert.is(res.status, 0, res.stderr);
  const o = JSON.parse(res.stdout.trim().split('\n').pop()!);
  const line = 2 ** 31;
  assert.ok(o.memory > 2.6e9, `memory grew to ${o.memory}`);
  assert.ok(o.addrBig2 > 0, 'the big blocks were allocated');
  assert.ok(o.addrA >= line && o.addrC >= line, `small matrices at ${o.addrA}, ${o.addrC} (above the line)`);
  assert.is(o.disposedA, false);
  // A·B exactly (small integers)
  assert.equal(o.C, [[1, 2, 4], [3, 4, 10], [5, 7, 17]]);
  // least squares against the normal-equations closed form of this 3×2 problem: x = (AᵀA)⁻¹Aᵀb
  const ata = [[35, 49], [49, 69]], atb = [27, 38];
  const det = ata[0]![0]! * ata[1]![1]! - ata[0]![1]! * ata[1]![0]!;
  const x = [(ata[1]![1]! * atb[0]! - ata[0]![1]! * atb[1]!) / det, (ata[0]![0]! * atb[1]! - ata[1]![0]! * atb[0]!) / det];
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(o.x[i] - x[i]!) <= 64 * EPS * Math.abs(x[i]!), `x[${i}] = ${o.x[i]} vs ${x[i]}`);
  // singular values: σ₁² + σ₂² = ‖A‖²_F = 104 and σ₁σ₂ = |det(AᵀA)|^½
  const [s1, s2] = o.s as number[];
  assert.ok(Math.abs(s1! * s1! + s2! * s2! - 104) <= 16 * EPS * 104);
  assert.ok(Math.abs(s1! * s2! - Math.sqrt(det)) <= 16 * EPS * Math.sqrt(det));
  // |R| diagonal: |r11| = ‖a₁‖ = √35
  assert.ok(Math.abs(Math.abs(o.R[0][0]) - Math.sqrt(35)) <= 8 * EPS * Math.sqrt(35));
  assert.is(o.afterAll, 0, 'liveBytes back to the start after dispose');
});

test.run();
