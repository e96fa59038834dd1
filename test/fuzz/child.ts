// Child process of the fuzz (test/fuzz/fuzz.test.ts): runs the engine and reports over IPC, so
// that the parent can kill a call that hangs and name it. Usage (normally via the test):
//   node --import tsx --expose-gc test/fuzz/child.ts <runs> <seed> [entry-regex]
import { init } from '../../src/index.js';
import { runFuzz, summaryLine, type Summary } from './engine.js';
import { ENTRIES, INIT_ENTRY, PRE_INIT_ENTRY } from './entries.js';

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

const onCall = (entry: string, input: string): void => {
  // heartbeat: every call's entry and input, so a killed run names the call that hung
  send({ type: 'call', entry, input });
  if (process.env.LSQNET_FUZZ_TRACE) process.stderr.write(`${entry} ${input}\n`);
};
// first: calls before init (init with junk options, other functions before init)
const pre = !filter || filter.test(PRE_INIT_ENTRY.name) ? await runFuzz([PRE_INIT_ENTRY], { runs: Math.max(20, Math.round(runs / 500)), seed, onCall, preInit: true }) : null;
await init();
const mainRun = await runFuzz(ENTRIES, { runs, seed, onCall, filter });
const main = pre ? merge(pre, mainRun) : mainRun;
// init last: a failed init may replace the runtime (issue 16, defect 5)
const initRuns = Math.max(10, Math.round(runs / 200));
const ini = !filter || filter.test('init') ? await runFuzz([INIT_ENTRY], { runs: initRuns, seed, onCall }) : null;
const merged: Summary = ini ? merge(main, ini) : main;
// the summary goes after every heartbeat still queued on the channel; disconnect only once it is
// written (disconnecting at once can drop the queue: a 100k run lost its summary that way)
if (process.send) process.send({ type: 'summary', summary: merged }, () => process.disconnect());
else send({ type: 'summary', summary: merged });

function merge(a: Summary, b: Summary): Summary {
  return {
    calls: a.calls + b.calls,
    counts: Object.fromEntries(Object.entries(a.counts).map(([k, v]) => [k, v + b.counts[k as keyof Summary['counts']]])) as Summary['counts'],
    allowed: Object.fromEntries(Object.entries(a.allowed).map(([k, v]) => [k, v + b.allowed[k as keyof Summary['allowed']]])) as Summary['allowed'],
    perEntry: { ...a.perEntry, ...b.perEntry },
    failures: [...a.failures, ...b.failures],
    seconds: a.seconds + b.seconds,
  };
}
