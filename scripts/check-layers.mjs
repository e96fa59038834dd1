// Checks the layer rules of DESIGN.md §1 on the source text and exits 1 on a breach:
//   1. src/ imports from bindings/ only through bindings/index (never loader, memory, raw, ops/*
//      or kernels directly), and never imports assembly/; one exception: the `lsqnet/threads`
//      entry (src/threads.ts) imports the generated base64 of the threaded binaries (data, no
//      address), which must stay out of bindings/index so the main bundle does not carry it;
//   2. bindings/ never imports src/;
//   3. src/ does no byte-address arithmetic and never touches an address: no `>> 3`, `<< 3`,
//      `>>> 3`, `* 8` / `8 *` byte sizes, `.ptr`, `Ptr` type, raw allocator or kernel calls.
// Usage: node scripts/check-layers.mjs   (prints every breach as file:line: rule: text)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = (dir) => readdirSync(dir).flatMap((name) => {
  const p = join(dir, name);
  if (name === 'generated' || name === 'node_modules') return [];
  return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
});
const importRe = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const addressRe = [
  [/>>>?\s*3\b|<<\s*3\b/, 'byte shift'],
  [/\*\s*8\b(?!\d)|\b8\s*\*/, 'byte size (× 8)'],
  [/\.ptr\b/, 'address (.ptr)'],
  [/\bPtr\b/, 'address type (Ptr)'],
  [/(?<![.\w])(wasm|alloc|free|f64|u8|withScratch|heapF64|address|allocAddress|freeAddress)\s*\(/, 'raw allocator or kernel call'],
];
const breaches = [];
for (const f of [...files(join(root, 'src')), ...files(join(root, 'bindings'))]) {
  const rel = relative(root, f);
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith('.')) continue;
    const target = relative(root, resolve(dirname(f), spec));
    const line = text.slice(0, m.index).split('\n').length;
    if (rel.startsWith('src/')) {
      const allowed = target.replace(/\.(js|ts)$/, '') === 'bindings/index'
        || (rel === 'src/threads.ts' && target.replace(/\.(js|ts)$/, '') === 'bindings/generated/wasm-threads-inline');
      if (target.startsWith('bindings/') && !allowed) {
        breaches.push(`${rel}:${line}: src imports ${target} (only bindings/index is allowed)`);
      }
      if (target.startsWith('assembly/')) breaches.push(`${rel}:${line}: src imports assembly/`);
    }
    if (rel.startsWith('bindings/') && target.startsWith('src/')) breaches.push(`${rel}:${line}: bindings imports ${target} (an arrow up)`);
  }
  if (!rel.startsWith('src/')) continue;
  lines.forEach((raw, i) => {
    const code = raw.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '').replace(/'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, "''");
    for (const [re, what] of addressRe) if (re.test(code)) breaches.push(`${rel}:${i + 1}: ${what}: ${raw.trim()}`);
  });
}
for (const b of breaches) console.log(b);
console.log(breaches.length === 0 ? 'layers: ok (src/ holds no addresses; no arrow runs up)' : `layers: ${breaches.length} breach(es)`);
process.exit(breaches.length === 0 ? 0 : 1);
