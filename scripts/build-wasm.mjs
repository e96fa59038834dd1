// Builds the two shipped wasm binaries (portable SIMD and relaxed SIMD with fused multiply-add)
// from assembly/index.ts with asc per asconfig.json, then writes bindings/generated/wasm-inline.ts
// holding both as base64 so the package needs no file access at run time. Also builds the two
// test/bench-only binaries from assembly/ref/index.ts (shipped kernels + scalar twins + tuning
// kernels): build/lsqnet-ref.wasm and build/lsqnet-ref-relaxed.wasm, never inlined and not in
// the npm package (package.json `files` lists the shipped binaries only). And the two threaded
// binaries (issue 12) from assembly/threads.ts: build/lsqnet-threads.wasm and
// build/lsqnet-threads-relaxed.wasm, with `--enable threads --importMemory --sharedMemory`
// (asconfig.json), written gzip+base64 into a SEPARATE module, bindings/generated/
// wasm-threads-inline.ts, which only the `lsqnet/threads` entry (src/threads.ts, and src/node.ts
// through it) imports: an app that never imports 'lsqnet/threads' never bundles them. Outputs are
// written atomically (temp file + rename) so a test run in parallel never reads a half-written binary.
//
//   node scripts/build-wasm.mjs            all six targets (what `npm test` and `npm run build` need)
//   node scripts/build-wasm.mjs --shipped  the four targets the package carries (single-thread and
//                                          threaded, each portable + relaxed; `prepare`/`prepack`:
//                                          a git install or a fresh clone needs no test binaries)
//   --force                                rebuild even when up to date; --debug adds the debug target
//
// Incremental: a target is rebuilt only when the SHA-256 of its inputs (every file under
// assembly/, asconfig.json, this script, the assemblyscript version, the target) differs from the
// one recorded in build/.stamp-<target> beside its binary, so `npm ci` (prepare) followed by
// `npm run build` and `npm test` (pretest) compiles each binary once.
import asc from 'assemblyscript/asc';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const argv = process.argv.slice(2);
const force = argv.includes('--force');
const targets = ['release', 'relaxed', 'threads', 'threads-relaxed', ...(argv.includes('--shipped') ? [] : ['ref', 'ref-relaxed']),
  ...(argv.includes('--debug') ? ['debug'] : [])];
/** Entry file of each target: the ref builds add the twins and tuning kernels to the shipped exports. */
const entryOf = (target) => (target.startsWith('ref') ? 'assembly/ref/index.ts'
  : target.startsWith('threads') ? 'assembly/threads.ts' : 'assembly/index.ts');
const config = JSON.parse(readFileSync('asconfig.json', 'utf8'));
mkdirSync('build', { recursive: true });

function writeAtomic(path, data) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Every file under `dir`, sorted, as relative paths. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  }).sort();
}

const ascVersion = JSON.parse(readFileSync(join('node_modules', 'assemblyscript', 'package.json'), 'utf8')).version;
const common = createHash('sha256').update(`asc ${ascVersion}\n`);
for (const f of ['asconfig.json', 'scripts/build-wasm.mjs', ...walk('assembly')]) common.update(`${f}\n`).update(readFileSync(f));
const inputs = common.digest('hex');

const binaries = {};
for (const target of targets) {
  const out = config.targets[target].outFile;
  const stampFile = join('build', `.stamp-${target}`);
  const stamp = createHash('sha256').update(`${inputs} ${target} ${entryOf(target)}`).digest('hex');
  if (!force && existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    binaries[target] = readFileSync(out);
    console.log(`${out} is up to date (${binaries[target].length} bytes)`);
    continue;
  }
  const outputs = {};
  const { error } = await asc.main(
    [entryOf(target), '--config', 'asconfig.json', '--target', target, '--outFile', out,
      '--disableWarning', '112'],
    { writeFile: (name, contents) => { outputs[name] = contents; }, stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    console.error(`asc failed for target ${target}: ${error.message}`);
    process.exit(1);
  }
  for (const [name, contents] of Object.entries(outputs)) writeAtomic(name.startsWith('build') ? name : join('build', name), contents);
  writeAtomic(stampFile, stamp);
  binaries[target] = readFileSync(out);
  console.log(`built ${out} (${binaries[target].length} bytes)`);
}

// The binaries are gzipped before base64 (97 KB → 43 KB each; the loader inflates them with
// DecompressionStream), which keeps every bundle that inlines them ~150 KB smaller. Node's gzip
// header carries no timestamp, so the bytes depend on the binary (and zlib) only. The constants are annotated `: string`
// so their declarations (dist/types) stay one line each instead of a literal type.
const gz = (b) => gzipSync(b, { level: 9 }).toString('base64');
const inline = '// Generated by scripts/build-wasm.mjs. Do not edit.\n' +
  `/** Portable SIMD build of lsqnet.wasm, gzip then base64. */\nexport const WASM_SIMD_GZIP_BASE64: string = ${JSON.stringify(gz(binaries.release))};\n` +
  `/** Relaxed-SIMD (fused multiply-add) build of lsqnet.wasm, gzip then base64. */\nexport const WASM_RELAXED_GZIP_BASE64: string = ${JSON.stringify(gz(binaries.relaxed))};\n`;
const inlinePath = 'bindings/generated/wasm-inline.ts';
mkdirSync('bindings/generated', { recursive: true });
// rewritten only when its content changes, so an up-to-date build leaves dist/'s inputs untouched
if (!existsSync(inlinePath) || readFileSync(inlinePath, 'utf8') !== inline) {
  writeAtomic(inlinePath, inline);
  console.log(`wrote ${inlinePath}`);
} else {
  console.log(`${inlinePath} is up to date`);
}

// The threaded binaries in their own module (same encoding), imported only by the `lsqnet/threads`
// entry: the main bundle (wasm-inline.ts) does not grow by them.
const threadsInline = '// Generated by scripts/build-wasm.mjs. Do not edit.\n' +
  `/** Portable SIMD threaded build (lsqnet-threads.wasm: shared imported memory, atomics), gzip then base64. */\nexport const WASM_THREADS_SIMD_GZIP_BASE64: string = ${JSON.stringify(gz(binaries.threads))};\n` +
  `/** Relaxed-SIMD threaded build (lsqnet-threads-relaxed.wasm), gzip then base64. */\nexport const WASM_THREADS_RELAXED_GZIP_BASE64: string = ${JSON.stringify(gz(binaries['threads-relaxed']))};\n`;
const threadsInlinePath = 'bindings/generated/wasm-threads-inline.ts';
if (!existsSync(threadsInlinePath) || readFileSync(threadsInlinePath, 'utf8') !== threadsInline) {
  writeAtomic(threadsInlinePath, threadsInline);
  console.log(`wrote ${threadsInlinePath}`);
} else {
  console.log(`${threadsInlinePath} is up to date`);
}
