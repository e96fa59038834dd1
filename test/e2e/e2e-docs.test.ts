// The documentation's snippets run: every ```ts block of docs/usage.md and README.md
// is executed (imports of 'lsqnet' point at src/), and lines of the form
// `console.log(expr); // true` or `console.log(expr); // <JSON>` are turned into assertions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from '../helpers/e2e-util.js';

/** Builds one ESM program from the ts blocks of a markdown file. */
export function programFromMarkdown(md: string): { code: string; blocks: number; checks: number } {
  const blocks = [...md.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const names = new Set<string>();
  const bodies: string[] = [];
  let checks = 0;
  blocks.forEach((block, b) => {
    const lines: string[] = [];
    const text = block.replace(/import\s*\{([^}]*)\}\s*from\s*'lsqnet';\n?/g, (_, list: string) => {
      for (const n of list.split(',').map((s) => s.trim()).filter(Boolean)) names.add(n);
      return '';
    });
    for (const line of text.split('\n')) {
      const m = /^console\.log\((.*)\);\s*\/\/\s*(.*?)\s*$/.exec(line);
      let json: unknown;
      let isJson = false;
      if (m) { try { json = JSON.parse(m[2]!); isJson = true; } catch { isJson = false; } }
      if (m && isJson && !/^\s*\[?\s*'/.test(m[2]!)) {
        checks++;
        lines.push(`__check(${JSON.stringify(`block ${b + 1}: ${m[1]!}`)}, (${m[1]!}), ${JSON.stringify(json)});`);
      } else {
        lines.push(line);
      }
    }
    bodies.push(`{ // block ${b + 1}\n${lines.join('\n')}\n}`);
  });
  const src = join(ROOT, 'src', 'index.ts');
  const header = `import { ${[...names].join(', ')} } from ${JSON.stringify(src)};
function __check(what: string, value: unknown, expected: unknown): void {
  const norm = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v instanceof Float64Array ? Array.from(v) : v));
  if (norm(value) !== (typeof value === 'string' ? String(expected) : norm(expected))) throw new Error(\`docs check failed: \${what} = \${norm(value)}, documented \${norm(expected)}\`);
}
`;
  return { code: `${header}\n${bodies.join('\n')}\n`, blocks: blocks.length, checks };
}

for (const doc of ['docs/usage.md', 'README.md', 'docs/data.md']) {
  test(`${doc}: every ts snippet runs and its documented outputs hold`, () => {
    const path = join(ROOT, doc);
    assert.ok(existsSync(path), `${doc} exists`);
    const { code, blocks, checks } = programFromMarkdown(readFileSync(path, 'utf8'));
    assert.ok(blocks >= 3, `${doc} has ${blocks} ts blocks`);
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'docs-'));
    try {
      writeFileSync(join(dir, 'snippets.ts'), code);
      const r = run(process.execPath, ['--import', 'tsx', join(dir, 'snippets.ts')], ROOT, 180_000);
      assert.is(r.status, 0, `${doc} snippets failed (${checks} checks):\n${r.stderr}\n--- program ---\n${code}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test.run();
