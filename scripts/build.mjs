// npm run build: compiles src/ to dist/ with tsc (source maps beside every file), copies the files of
// src/ that are not TypeScript (the database launcher's Java source, the benchmark's bare views) and
// writes dist/.build-info.json with a hash of the sources it was built from.
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or older than the sources
// Plain JavaScript: it runs before anything is compiled. Messages go to stderr (stdout is the app's log).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const INFO = path.join(DIST, '.build-info.json');
/** What the output depends on besides src/. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : [full];
    });
}

/** A hash of every source file (path and content) and of the compiler's settings. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...INPUTS.map((f) => path.join(ROOT, f)), ...filesUnder(path.join(ROOT, 'src'))]) {
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from the sources as they are now. */
export function isCurrent(hash = sourceHash()) {
  try {
    return JSON.parse(readFileSync(INFO, 'utf8')).sourceHash === hash;
  } catch {
    return false;
  }
}

function say(message) {
  process.stderr.write(`build: ${message}\n`);
}

export function build() {
  const started = Date.now();
  const hash = sourceHash();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error('TypeScript is not installed (a production install without dev dependencies?): run `npm run build` where `npm install` installed them, then ship dist/ with the rest');
  }
  say('compiling src/ to dist/ (tsc, source maps)…');
  rmSync(DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error(`tsc failed (exit ${result.status ?? result.signal})`);
  let copied = 0;
  for (const file of filesUnder(path.join(ROOT, 'src'))) {
    if (file.endsWith('.ts')) continue;
    const target = path.join(DIST, path.relative(path.join(ROOT, 'src'), file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
    copied += 1;
  }
  writeFileSync(INFO, `${JSON.stringify({ sourceHash: hash, builtAt: new Date().toISOString() }, null, 2)}\n`);
  say(`dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s (${copied} file(s) copied beside the compiled ones)`);
}

/** Builds when dist/ is missing or was built from other sources; says so when it is current. */
export function ensureBuilt() {
  if (existsSync(DIST) && statSync(DIST).isDirectory() && isCurrent()) return false;
  build();
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes('--if-stale')) {
      if (!ensureBuilt()) say('dist/ is current');
    } else {
      build();
    }
  } catch (err) {
    say(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
