import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ChecksumMismatch, ensureJars, repositoryPath, type Artifact } from '../../src/core/db/embedded/artifacts';
import { findJava, parseJavaVersion } from '../../src/core/db/embedded/java';
import { javaServerCacheDir, provideJavaServer } from '../../src/core/db/embedded/provision';
import { DEFAULT_CACHE_DIR, lookupJavaServer, resolveDatabase } from '../../src/core/db/resolve';
import { cleanEnv, exists, rejectionOf } from './db-helpers';

/** Getting mongo-java-server: Java, the pinned jars, the launcher. Real files, a real local HTTP mirror. */

const GOOD = Buffer.from('the jar everybody expects');
const ARTIFACT: Artifact = { group: 'org.example', name: 'thing', version: '1.0', sha256: createHash('sha256').update(GOOD).digest('hex') };

/** A Maven mirror on loopback that serves `body` for every path and counts requests. */
async function mirror(body: Buffer): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/maven2`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function script(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('provisioning mongo-java-server', function () {
  this.timeout(120_000);
  let work: string;
  const logs: string[] = [];
  const log = (msg: string): void => {
    logs.push(msg);
  };

  beforeEach(async () => {
    logs.length = 0;
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'boost-provision-'));
  });

  afterEach(async () => {
    await fs.rm(work, { recursive: true, force: true });
  });

  describe('jars', () => {
    it('downloads a jar whose SHA-256 is the pinned one, once', async () => {
      const repo = await mirror(GOOD);
      try {
        const libDir = path.join(work, 'lib');
        const options = { libDir, localRepository: path.join(work, 'm2'), repositoryUrl: repo.url, log, artifacts: [ARTIFACT] };
        expect(await ensureJars(options)).to.deep.equal([path.join(libDir, 'thing-1.0.jar')]);
        expect(repo.requests).to.deep.equal(['/maven2/org/example/thing/1.0/thing-1.0.jar']);
        expect(await fs.readFile(path.join(libDir, 'thing-1.0.jar'))).to.deep.equal(GOOD);
        await ensureJars(options);
        expect(repo.requests).to.have.length(1);
      } finally {
        await repo.close();
      }
    });

    it('refuses a download whose SHA-256 differs, and keeps nothing of it', async () => {
      const repo = await mirror(Buffer.from('a tampered jar'));
      try {
        const libDir = path.join(work, 'lib');
        const error = await rejectionOf(ensureJars({ libDir, localRepository: path.join(work, 'm2'), repositoryUrl: repo.url, log, artifacts: [ARTIFACT] }));
        expect(error).to.be.instanceOf(ChecksumMismatch);
        expect(error.message).to.include(`${repo.url}/org/example/thing/1.0/thing-1.0.jar was refused: its SHA-256 is `);
        expect(error.message).to.include(`the pinned one is ${ARTIFACT.sha256}`);
        expect(await fs.readdir(libDir)).to.deep.equal([]);
      } finally {
        await repo.close();
      }
    });

    it('copies from the local Maven repository without downloading; a local copy that differs is downloaded instead', async () => {
      const repo = await mirror(GOOD);
      try {
        const m2 = path.join(work, 'm2');
        const local = path.join(m2, ...repositoryPath(ARTIFACT).split('/'));
        await fs.mkdir(path.dirname(local), { recursive: true });
        await fs.writeFile(local, GOOD);
        await ensureJars({ libDir: path.join(work, 'lib1'), localRepository: m2, repositoryUrl: repo.url, log, artifacts: [ARTIFACT] });
        expect(repo.requests).to.deep.equal([]);
        expect(logs).to.deep.equal([`copied 1 jar(s) from the local Maven repository ${m2}`]);

        await fs.writeFile(local, 'corrupted');
        await ensureJars({ libDir: path.join(work, 'lib2'), localRepository: m2, repositoryUrl: repo.url, log, artifacts: [ARTIFACT] });
        expect(repo.requests).to.have.length(1);
        expect(logs).to.include(`${local} does not have the expected SHA-256: ignored, downloading it instead`);
      } finally {
        await repo.close();
      }
    });

    it('accepts a mirror over https, or http on this machine only', async () => {
      const error = await rejectionOf(ensureJars({ libDir: path.join(work, 'lib'), repositoryUrl: 'http://mirror.example.com/maven2', log, artifacts: [ARTIFACT] }));
      expect(error.message).to.equal('MAVEN_REPOSITORY_URL=http://mirror.example.com/maven2 must be an https:// address (http only for this machine)');
    });
  });

  describe('Java', () => {
    it('reads the major version of old and new version strings', () => {
      expect(parseJavaVersion('openjdk version "17.0.15" 2025-04-15')).to.equal(17);
      expect(parseJavaVersion('java version "1.8.0_392"')).to.equal(8);
      expect(parseJavaVersion('openjdk version "21" 2023-09-19')).to.equal(21);
      expect(parseJavaVersion('nothing')).to.equal(undefined);
    });

    it('without Java, the fallback cannot be had and the error says why', async () => {
      const env = { PATH: path.join(work, 'empty') };
      const error = await rejectionOf(
        resolveDatabase({ dbName: 'boost_test', log, env, cacheDir: work, finders: { findMongod: () => Promise.resolve({ missing: 'no mongod in this test' }) } }),
      );
      expect(error.message)
        .to.include('mongod: no mongod in this test')
        .and.include('mongo-java-server: no Java (JAVA_HOME unset, no java on PATH)')
        .and.include('apt-get install openjdk-17-jdk-headless');
      // Nothing was fetched or compiled.
      expect(await fs.readdir(work)).to.deep.equal([]);
    });

    it('refuses a Java older than 17 and a JAVA_HOME without java', async () => {
      const bin = path.join(work, 'bin');
      await fs.mkdir(bin);
      await script(bin, 'java', 'echo \'openjdk version "11.0.2" 2019-01-15\' >&2');
      const found = await findJava({ PATH: bin, JAVA_HOME: path.join(work, 'nojdk') });
      expect(found).to.deep.equal({
        missing:
          `no usable Java (JAVA_HOME=${path.join(work, 'nojdk')} has no bin/java, ${path.join(bin, 'java')} is Java 11, 17 or later is needed): ` +
          'install a JDK 17 or later (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME',
      });
    });
  });

  describe('the launcher', () => {
    let realJava: string;
    let lib: string;

    before(async function () {
      // The jars normally come from `npm run db:prepare`.
      this.timeout(10 * 60_000);
      const java = await lookupJavaServer(cleanEnv(), DEFAULT_CACHE_DIR, () => undefined);
      if ('missing' in java) throw new Error(java.missing);
      realJava = java.runtime.java;
      lib = path.join(javaServerCacheDir(DEFAULT_CACHE_DIR), 'lib');
    });

    /** A cache holding the verified jars but no compiled launcher. */
    async function cacheWithJars(): Promise<string> {
      const cacheDir = path.join(work, 'cache');
      await fs.cp(lib, path.join(javaServerCacheDir(cacheDir), 'lib'), { recursive: true });
      return cacheDir;
    }

    it('is compiled once into the project cache, then reused', async () => {
      const cacheDir = await cacheWithJars();
      const first = await provideJavaServer({ env: cleanEnv(), cacheDir, log, localRepository: path.join(work, 'm2') });
      expect(first.source).to.match(/, launcher compiled now$/);
      expect(logs.some((line) => /^mongo-java-server: compiling the launcher BoostDbServer\.java with .*javac…$/.test(line))).to.equal(true);
      expect(await exists(path.join(first.classpath[0], 'BoostDbServer.class'))).to.equal(true);
      const second = await provideJavaServer({ env: cleanEnv(), cacheDir, log, localRepository: path.join(work, 'm2') });
      expect(second.source).to.not.include('compiled now');
      expect(second.classpath).to.deep.equal(first.classpath);
    });

    it('needs a JDK to be compiled: with a JRE alone, the error says so', async () => {
      const cacheDir = await cacheWithJars();
      const bin = path.join(work, 'jre');
      await fs.mkdir(bin);
      // A java with no javac beside it, as in a JRE.
      await script(bin, 'java', `exec ${realJava} "$@"`);
      const error = await rejectionOf(provideJavaServer({ env: { PATH: bin }, cacheDir, log, localRepository: path.join(work, 'm2') }));
      expect(error.message).to.match(/^Java \d+ from PATH \(.*\) has no javac to compile the launcher \(a JRE only\): install a JDK 17/);
    });
  });
});
