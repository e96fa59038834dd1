// Property-based fuzz of the whole public API (issue 16). The calls run in a child process
// (test/fuzz/child.ts) so that a call that hangs can be killed and named.
//   short run (in `npm test`): 10,000 calls, fixed seed, ≈ 10 s
//   long run:  LSQNET_FUZZ_RUNS=100000 node scripts/test.mjs fuzz   (`npm run fuzz`)
//   other seed: LSQNET_FUZZ_SEED=123; one entry: LSQNET_FUZZ_FILTER='^lstsq$'
// Every outcome is classified (ok / typed error / untyped error / non-finite output / mismatch
// with a scalar reference / leak / library broken afterwards / hang); the test fails on any
// failure that is not in test/fuzz/known-defects.ts, and prints the summary line either way.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as L from '../../src/index.js';
import { CALL_BUDGET_MS, CLASSES, summaryLine, type Summary } from './engine.js';
import { ENTRIES, INIT_ENTRY, PRE_INIT_ENTRY, checkLstsq, checkProduct, coveredNames, dense } from './entries.js';
import { KNOWN_DEFECTS } from './known-defects.js';

const RUNS = Number(process.env.LSQNET_FUZZ_RUNS ?? 10000);
const SEED = Number(process.env.LSQNET_FUZZ_SEED ?? 20261203);
const FILTER = process.env.LSQNET_FUZZ_FILTER ?? '';
/** The child is killed when no call starts for this long (a hang). */
const WATCHDOG_MS = Math.max(180_000, 6 * CALL_BUDGET_MS);   // generous: a loaded CI machine must not look like a hang

test('every function and class exported by src/index.ts is fuzzed by at least one entry', () => {
  const covered = coveredNames();
  for (const n of INIT_ENTRY.covers) covered.add(n);
  const missing = Object.entries(L).filter(([, v]) => typeof v === 'function').map(([k]) => k).filter((k) => !covered.has(k));
  assert.equal(missing, [], `exports without a fuzz entry (add one to test/fuzz/entries.ts): ${missing.join(', ')}`);
  const unknown = [...covered].filter((k) => !(k in L));
  assert.equal(unknown, [], `fuzz entries cover names that are not exported: ${unknown.join(', ')}`);
});

test('known-defects.ts: every entry names a fuzz entry, a defect of issue 16 and a description', () => {
  const names = new Set([...ENTRIES, INIT_ENTRY, PRE_INIT_ENTRY].map((e) => e.name));
  for (const d of KNOWN_DEFECTS) {
    assert.ok(names.has(d.entry), `known defect for unknown entry '${d.entry}'`);
    assert.ok(Number.isInteger(d.defect) && d.defect >= 1 && d.defect <= 9, `defect number ${d.defect}`);
    assert.ok(d.description.length > 10 && d.classes.length > 0, `description/classes of ${d.entry}`);
  }
});

test('the oracles are not vacuous: lstsq optimality and the GEMM reference reject a perturbed result', async () => {
  await L.init();
  const A = Array.from({ length: 12 }, (_, i) => [1, Math.sin(i), Math.cos(3 * i)]);
  const b = Float64Array.from({ length: 12 }, (_, i) => i % 3);
  for (const method of ['svd', 'qr', 'cholesky', 'lsqr'] as const) {
    const r = L.lstsq(A, b, { method });
    const flags = { clean: true, tame: true };
    assert.is(checkLstsq(r, [A, b, { method }], flags), null, `lstsq ${method} optimal`);
    const x = Float64Array.from(r.x); x[1]! += method === 'lsqr' ? 1e-2 : 1e-6;   // iterative methods are checked against their stopping tolerance
    assert.is(checkLstsq({ ...r, x }, [A, b, { method }], flags)?.cls, 'mismatch', `perturbed ${method} solution rejected`);
    assert.is(checkLstsq({ ...r, residualNorm: NaN }, [A, b, { method }], flags)?.cls, 'nonfinite');
  }
  const M = L.Matrix.fromRows([[1, 2], [3, 4]]);
  const P = M.matmul(M);
  assert.is(checkProduct(P, dense(M)!, dense(M)!, false, false), null);
  P.set(1, 1, P.get(1, 1) * (1 + 1e-12));
  assert.is(checkProduct(P, dense(M)!, dense(M)!, false, false)?.cls, 'mismatch');
  P.dispose(); M.dispose();
});

test(`fuzz: ${RUNS} calls (seed ${SEED}): every failure is an LsqnetError, finite in → finite out, no leak, no hang`, async () => {
  const child = fileURLToPath(new URL('./child.ts', import.meta.url));
  const summary = await new Promise<Summary>((resolve, reject) => {
    const p = fork(child, [String(RUNS), String(SEED), FILTER], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let last = { entry: '(start)', input: '' };
    let timer = setTimeout(onHang, WATCHDOG_MS);
    let done = false;
    function onHang(): void {
      done = true;
      p.kill('SIGKILL');
      reject(new Error(`fuzz: hang — no progress for ${WATCHDOG_MS / 1000} s in ${last.entry} with input ${last.input}`));
    }
    p.on('message', (m: { type: string; entry?: string; input?: string; summary?: Summary }) => {
      if (m.type === 'call') {
        last = { entry: m.entry!, input: m.input! };
        clearTimeout(timer); timer = setTimeout(onHang, WATCHDOG_MS);
      } else if (m.type === 'summary') {
        done = true; clearTimeout(timer); resolve(m.summary!);
      }
    });
    // 'close', not 'exit': 'exit' can come before the last IPC messages (the summary) are delivered
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!done) reject(new Error(`fuzz child exited (${code ?? signal}) during ${last.entry} with input ${last.input}`));
    });
  });
  const fails = summary.failures.filter((f) => f.defect === undefined);
  const known = summary.failures.filter((f) => f.defect !== undefined);
  for (const f of known) console.log(`  known (defect ${f.defect}) ${f.entry} [${f.cls}] ×${f.count}: ${f.detail.split('\n')[0]!.slice(0, 160)}`);
  for (const f of fails) console.log(`  FAIL ${f.entry} [${f.cls}] ×${f.count}: ${f.detail.split('\n')[0]!.slice(0, 300)}\n    input: ${f.input}`);
  const unused = KNOWN_DEFECTS.filter((d) => !summary.failures.some((f) => f.entry === d.entry && f.defect === d.defect && d.match.test(f.detail)));
  if (RUNS >= 10_000) for (const d of unused) console.log(`  note: known defect not seen in this run (fixed? remove it from known-defects.ts): ${d.entry} — ${d.description}`);
  console.log(`  ${summaryLine(summary)}`);
  assert.is(summary.counts.ok + summary.counts.typed + CLASSES.filter((c) => c !== 'ok' && c !== 'typed').reduce((s, c) => s + summary.counts[c], 0), summary.calls);
  assert.ok(summary.calls >= RUNS * 0.9, `only ${summary.calls} calls`);
  assert.equal(fails.map((f) => `${f.entry} [${f.cls}]: ${f.detail.slice(0, 120)}`), [], 'failures outside known-defects.ts');
});

test.run();
