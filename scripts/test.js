#!/usr/bin/env node
// `npm test`: makes sure the Debian packages the tests use are present (installing them when run as
// root on Debian, naming them otherwise), runs every test with vitest, and ends with one summary line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const packages = JSON.parse(readFileSync(new URL('./system-packages.json', import.meta.url), 'utf8'));
const wanted = Object.keys(packages.test);

function missing() {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\\n', ...wanted], { encoding: 'utf8' });
  if (r.error) return null;
  const installed = new Set(r.stdout.split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
  return wanted.filter((p) => !installed.has(p));
}

let absent = missing();
if (absent === null) {
  console.error('npm test: dpkg-query not found; this test suite expects Debian with: ' + wanted.join(' '));
  process.exit(1);
}
if (absent.length > 0) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    console.error(`npm test: missing Debian packages: ${absent.join(' ')}\nInstall them with: sudo apt-get install -y ${absent.join(' ')}`);
    process.exit(1);
  }
  console.error(`npm test: installing missing Debian packages: ${absent.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...absent], { stdio: 'inherit', env });
  absent = missing();
  if (absent === null || absent.length > 0) {
    console.error(`npm test: still missing after apt-get: ${absent?.join(' ')}`);
    process.exit(1);
  }
}

mkdirSync('test-output', { recursive: true });
const report = 'test-output/vitest.json';
const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  console.log(`tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(r.status ?? 1);
