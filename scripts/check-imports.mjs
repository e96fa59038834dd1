// Finds import cycles among the TypeScript / AssemblyScript files under the given folders
// (default: assembly bindings src) by following relative import/export specifiers. Prints every
// cycle found (one per back edge of a depth-first search) and exits 1 if there is any.
// Usage: node scripts/check-imports.mjs [--runtime] [folder …]   (npm run check:imports -- src)
// Type-only imports count as edges (a type cycle is still a layering cycle); --runtime skips them.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const withTypes = !args.includes('--runtime'); // --runtime: skip `import type` edges (erased at run time)
const folders = args.filter((a) => !a.startsWith('--')).length ? args.filter((a) => !a.startsWith('--')) : ['assembly', 'bindings', 'src'];
const files = [];
const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) { if (f !== 'node_modules' && f !== 'generated') walk(p); } else if (/\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts')) files.push(p); } };
for (const f of folders) walk(resolve(root, f));
const known = new Set(files);
const target = (from, spec) => {
  const base = resolve(dirname(from), spec.replace(/\.(m|c)?js$/, ''));
  return [`${base}.ts`, `${base}.mts`, `${base}.cts`, join(base, 'index.ts')].find((p) => known.has(p) || existsSync(p));
};
const edges = new Map(files.map((f) => {
  const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const specs = [...src.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm)].filter((m) => withTypes || !m[1]).map((m) => m[2]);
  return [f, [...new Set(specs.map((s) => target(f, s)).filter((t) => t && known.has(t)))]];
}));
const state = new Map(), stack = [], cycles = [];
const visit = (f) => {
  state.set(f, 1); stack.push(f);
  for (const t of edges.get(f)) {
    if (state.get(t) === 1) cycles.push([...stack.slice(stack.indexOf(t)), t]);
    else if (!state.has(t)) visit(t);
  }
  stack.pop(); state.set(f, 2);
};
for (const f of files) if (!state.has(f)) visit(f);
for (const c of cycles) console.log(`cycle: ${c.map((p) => relative(root, p)).join(' → ')}`);
console.log(`${files.length} files in ${folders.join(', ')}: ${cycles.length ? `${cycles.length} cycle(s)` : 'no import cycle'}`);
process.exit(cycles.length ? 1 : 0);
