// Runs the uvu test suite over test/**/*.test.ts through tsx (TypeScript, ESM).
// Extra arguments are passed to uvu (e.g. a pattern: `npm test -- matrix`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const uvu = join(root, 'node_modules', 'uvu', 'bin.js');
const extra = process.argv.slice(2);
const pattern = extra[0] ? `${extra[0]}.*\\.test\\.ts$` : '\\.test\\.ts$';
const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', uvu, 'test', pattern, '--no-color', ...extra.slice(1)],
  { stdio: 'inherit' });
process.exit(res.status ?? 1);
