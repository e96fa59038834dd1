// Child process of the fuzz (test/fuzz/fuzz.test.ts): runs the engine and reports over IPC, so
// that the parent can kill a call that hangs and name it. Usage (normally via the test):
//   node --import tsx --expose-gc test/fuzz/child.ts <runs> <seed> [entry-regex]
import { init } from '../../src/index.js';
import { runFuzz, summaryLine, type Summary } from './engine.js';
import { ENTRIES, INIT_ENTRY } from './entries.js';

const runs = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 20261203);
const filter = process.argv[4] ? new RegExp(process.argv[4]) : undefined;
const send = (m: unknown): void => {
  if (process.send) { process.send(m); return; }
  if ((m as { type: string }).type !== 'summary') return;
  const s = (m as { summary: Summary }).summary;
  for (const f of s.failures) console.log(`${f.entry} [${f.cls}] ×${f.count}${f.defect ? ` (known, defect ${f.defect})` : ''}: ${f.detail.split('\n')[0]}\n    input: ${f.input}`);
  console.log(summaryLine(s));
};

await init();
let last = 0;
const onCall = (entry: string, input: string): void => {
  const now = Date.now();
  // heartbeat: every call's entry and input, so a killed run names the call that hung
  send({ type: 'call', entry, input });
  if (process.env.LSQNET_FUZZ_TRACE) process.stderr.write(`${entry} ${input}\n`);
  last = now;
};
const main = await runFuzz(ENTRIES, { runs, seed, onCall, filter });
// init last: a failed init may replace the runtime (issue 16, defect 5)
const initRuns = Math.max(10, Math.round(runs / 200));
const ini = !filter || filter.test('init') ? await runFuzz([INIT_ENTRY], { runs: initRuns, seed, onCall }) : null;
const merged: Summary = ini ? {
  calls: main.calls + ini.calls,
  counts: Object.fromEntries(Object.entries(main.counts).map(([k, v]) => [k, v + ini.counts[k as keyof Summary['counts']]])) as Summary['counts'],
  allowed: Object.fromEntries(Object.entries(main.allowed).map(([k, v]) => [k, v + ini.allowed[k as keyof Summary['allowed']]])) as Summary['allowed'],
  perEntry: { ...main.perEntry, ...ini.perEntry },
  failures: [...main.failures, ...ini.failures],
  seconds: main.seconds + ini.seconds,
} : main;
send({ type: 'summary', summary: merged });
if (process.send) process.disconnect();
