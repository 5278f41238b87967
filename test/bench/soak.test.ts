import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../src/core/config';
import { dateTimeFormat, formatDate, numberFormat } from '../../src/core/i18n';
import { PRODUCTION_NODE_OPTIONS } from '../../src/bench/run';
import { probeMemory, soakVerdicts, SOAK_TARGETS, type SoakResult } from '../../src/bench/soak';

/**
 * The pieces of `npm run bench -- --soak` that a short CI run cannot show by itself: the probe really
 * collects garbage before it measures, the verdicts read the targets of the issue, the formatters that
 * leaked native memory are made once, and the app runs with the same node options everywhere.
 */
const MB = 1024 * 1024;

function nextMessage(child: ChildProcess, matches: (m: unknown) => boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown): void => {
      if (!matches(m)) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`the probed process exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

describe('bench soak: memory probe', function () {
  this.timeout(60_000);
  let child: ChildProcess;

  before(async () => {
    child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'fixtures', 'probed-process.ts')], {
      cwd: ROOT_DIR,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await nextMessage(child, (m) => typeof m === 'string' && m.startsWith('ready'));
  });

  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('answers with the heap after a forced full collection: objects let go of are gone from the figure', async () => {
    const holding = await probeMemory(child, true);
    expect(holding.gc).to.equal(true);
    expect(holding.codeAndMetadata + holding.bytecodeAndMetadata).to.be.greaterThan(0).and.lessThan(holding.heapUsed);
    expect(holding.rss).to.be.greaterThan(holding.heapUsed);
    expect(holding.heapUsed).to.be.greaterThan(40 * MB);

    child.send('drop');
    await nextMessage(child, (m) => m === 'dropped');
    const released = await probeMemory(child, true);
    // Without the forced collection the dropped objects could still count (no allocation asks V8 to collect).
    expect(holding.heapUsed - released.heapUsed).to.be.greaterThan(30 * MB);
  });

  it('measures without collecting when not asked to', async () => {
    const figures = await probeMemory(child, false);
    expect(figures.gc).to.equal(false);
    expect(figures.heapTotal).to.be.at.least(figures.heapUsed);
  });
});

describe('bench soak: verdicts', () => {
  const result = (over: Partial<SoakResult>): SoakResult => ({
    dataset: 'five-year',
    minutes: 10,
    connections: { manager: 6, founder: 2, mentor: 2 },
    requests: 1000,
    rps: 10,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latencyP50: 50,
    latencyP99: 200,
    heapAfterGcStartMb: 60,
    heapAfterGcEndMb: 60,
    codeAfterGcStartMb: 10,
    codeAfterGcEndMb: 10,
    rssAfterGcEndMb: 200,
    curve: [],
    maxAppRssMb: 250,
    ...over,
  });
  const oks = (r: SoakResult): boolean[] => soakVerdicts(r).map((v) => v.ok);

  it('holds the issue’s targets: heap after GC within 10 % of the start, RSS under 300 MB, every answer a 2xx', () => {
    expect(SOAK_TARGETS).to.deep.equal({ heapGrowth: 0.1, maxRssMb: 300 });
    expect(oks(result({}))).to.deep.equal([true, true, true]);
    expect(oks(result({ heapAfterGcEndMb: 65 }))).to.deep.equal([true, true, true]);
    expect(oks(result({ heapAfterGcEndMb: 65.1 }))).to.deep.equal([false, true, true]);
    expect(oks(result({ maxAppRssMb: 300 }))).to.deep.equal([true, false, true]);
    expect(oks(result({ non2xx: 1 }))).to.deep.equal([true, true, false]);
    expect(oks(result({ timeouts: 1 }))).to.deep.equal([true, true, false]);
  });

  it('reads the growth of the app’s data (heap less V8’s compiled code), and prints both', () => {
    const grownCode = result({ heapAfterGcEndMb: 66, codeAfterGcEndMb: 16 });
    expect(oks(grownCode)).to.deep.equal([true, true, true]);
    expect(soakVerdicts(grownCode)[0].text).to.include('50 MB after the warm-up, 50 MB at the end').and.include('60 → 66 MB (+10.0 %)');
    expect(oks(result({ heapAfterGcEndMb: 66, codeAfterGcEndMb: 10 }))).to.deep.equal([false, true, true]);
  });
});

describe('bench soak: what the fixes rely on', () => {
  it('makes one Intl formatter per language and options, and formats as a new one would', () => {
    const options: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric', timeZone: 'UTC' };
    expect(dateTimeFormat('fr-FR', options)).to.equal(dateTimeFormat('fr-FR', { ...options }));
    expect(dateTimeFormat('fr-FR', options)).not.to.equal(dateTimeFormat('en-GB', options));
    expect(numberFormat('fr-FR')).to.equal(numberFormat('fr-FR', {}));
    const date = new Date('2026-03-15T12:00:00Z');
    expect(dateTimeFormat('fr-FR', options).format(date)).to.equal(new Intl.DateTimeFormat('fr-FR', options).format(date));
    expect(formatDate('fr', date, true)).to.equal(new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date));
    expect(formatDate('en', date)).to.equal(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(date));
  });

  it('builds no Intl formatter or collator per call: through src/core/i18n/formats.ts, or once at module level', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const offending = files(path.join(ROOT_DIR, 'src'))
      .filter((file) => !file.endsWith(path.join('core', 'i18n', 'formats.ts')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${path.relative(ROOT_DIR, file)}:${i + 1}`, line }))
          .filter(({ line }) => line.includes('new Intl.') && !/^(export )?const \w+ = new Intl\./.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(offending, 'use dateTimeFormat / numberFormat / collator from src/core/i18n').to.deep.equal([]);
  });

  it('runs the app with the same node options in the bench, `npm start` and the README’s systemd unit', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // scripts/start.mjs turns source maps on itself (process.setSourceMapsEnabled).
    for (const option of PRODUCTION_NODE_OPTIONS.filter((o) => o !== '--enable-source-maps')) expect(pkg.scripts.start).to.include(option);
    const readme = readFileSync(path.join(ROOT_DIR, 'README.md'), 'utf8');
    expect(readme).to.include(`ExecStart=/usr/bin/node ${PRODUCTION_NODE_OPTIONS.join(' ')} dist/server.js`);
    expect(readme).to.include(`NODE_ENV=production node ${PRODUCTION_NODE_OPTIONS.join(' ')} dist/server.js`);
  });
});
