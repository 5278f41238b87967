import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage, fileExists } from '../proc';

export const MONGO_JAVA_SERVER_VERSION = '1.47.0';
export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';
const DOWNLOAD_TIMEOUT_MS = 120_000;

export interface Artifact {
  group: string;
  name: string;
  version: string;
  sha256: string;
}

/**
 * Runtime class path of mongo-java-server 1.47.0 with its H2 backend: `mvn dependency:tree` of
 * mongo-java-server-h2-backend:1.47.0 (core, h2, netty-*, slf4j-api) plus slf4j-simple (its log lines are
 * captured by server.ts; slf4j-nop would leave nothing to show when a start fails). The SHA-256 of each
 * jar was computed from Maven Central's file and matches Central's .sha1; a jar that differs is refused.
 */
const NETTY = '4.2.2.Final';
export const ARTIFACTS: readonly Artifact[] = [
  { group: 'de.bwaldvogel', name: 'mongo-java-server-core', version: MONGO_JAVA_SERVER_VERSION, sha256: '9a34c9ad6ac6261906295481838256033ec1efc8c93a3e3828e5d47a006b0bd4' },
  { group: 'de.bwaldvogel', name: 'mongo-java-server-h2-backend', version: MONGO_JAVA_SERVER_VERSION, sha256: '58ca6760a25f8a05adfe8a0f7a8a042ca22bd472869028755931507cdce20e71' },
  { group: 'com.h2database', name: 'h2', version: '2.3.232', sha256: '8dae62d22db8982c3dcb3826edb9c727c5d302063a67eef7d63d82de401f07d3' },
  { group: 'org.slf4j', name: 'slf4j-api', version: '2.0.17', sha256: '7b751d952061954d5abfed7181c1f645d336091b679891591d63329c622eb832' },
  { group: 'org.slf4j', name: 'slf4j-simple', version: '2.0.17', sha256: 'ddfea59ac074c6d3e24ac2c38622d2d963895e17f70b38ed4bdae4d780be6964' },
  { group: 'io.netty', name: 'netty-buffer', version: NETTY, sha256: '4820eeb2d3db269b20b30711e3d7d21979664249aaf10fc67f90dee935810747' },
  { group: 'io.netty', name: 'netty-codec', version: NETTY, sha256: '6a4ea3cedc831a377e20e32da5df4d2a47b954810e941138e3358e313db3a7f9' },
  { group: 'io.netty', name: 'netty-codec-base', version: NETTY, sha256: '76987614ccb2fda7d3292b69ba5b61351f30e91bf5c7d8fa4b51bc32c9f67456' },
  { group: 'io.netty', name: 'netty-codec-compression', version: NETTY, sha256: '005734e20aceb5e2c030033f7e042c81ee444497efd110cfca8de445642652ac' },
  { group: 'io.netty', name: 'netty-codec-marshalling', version: NETTY, sha256: 'ae8bb7a077ca02357c922e3abc1acf1bf191d5e2776721d69cbca50a16281096' },
  { group: 'io.netty', name: 'netty-codec-protobuf', version: NETTY, sha256: 'cfe0c7e6e68d83480a639b533eb7edaaf3252cfae8b73d0e362859673a4f9d97' },
  { group: 'io.netty', name: 'netty-common', version: NETTY, sha256: '5d022f3acad74cb0f195f60213500a4000d1340e5e941edaf1a0e756686b9bae' },
  { group: 'io.netty', name: 'netty-handler', version: NETTY, sha256: 'd4ef582c78125457baa0cfa52992b5fb1bb9172d1a2c03b726e8b26e17d3fe2c' },
  { group: 'io.netty', name: 'netty-resolver', version: NETTY, sha256: 'fa7841ffe2e39d52251814fb8560d6936b10ae7c67453ee50426b83fd5170ba0' },
  { group: 'io.netty', name: 'netty-transport', version: NETTY, sha256: '116d766a1af4722fe76a4cdaed969644985d44e08ec1337d2dbab697dd109603' },
  { group: 'io.netty', name: 'netty-transport-native-unix-common', version: NETTY, sha256: 'aa8821a7ea2ca47f62740bd1f37d67deb97824cc77e76dde6ae2c439a923fc9d' },
];

export function jarName(a: Artifact): string {
  return `${a.name}-${a.version}.jar`;
}

/** The path of a jar inside a Maven repository (local or remote). */
export function repositoryPath(a: Artifact): string {
  return [...a.group.split('.'), a.name, a.version, jarName(a)].join('/');
}

export class ChecksumMismatch extends Error {}

export interface JarOptions {
  /** Where verified jars are kept: .cache/mongo-java-server/<version>/lib. */
  libDir: string;
  /** Local Maven repository; default ~/.m2/repository. */
  localRepository?: string;
  /** Remote Maven repository (MAVEN_REPOSITORY_URL); default Maven Central. */
  repositoryUrl?: string;
  log: (msg: string) => void;
  /** Defaults to ARTIFACTS (tests pass their own). */
  artifacts?: readonly Artifact[];
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

function sha256OfBuffer(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Only https, or plain http to this machine (a local mirror): the checksums would catch a tampered jar
 * anyway, but a refused download should not be the first sign of an interception.
 */
export function checkRepositoryUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`MAVEN_REPOSITORY_URL=${url} is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new Error(`MAVEN_REPOSITORY_URL=${url} must be an https:// address (http only for this machine)`);
  }
  return url.replace(/\/+$/, '');
}

/**
 * The verified jars, in class-path order: already in libDir (checked again, it is cheap), else copied from
 * the local Maven repository, else downloaded. Each one must have its pinned SHA-256; a downloaded jar that
 * differs is refused (throws ChecksumMismatch), a local one that differs is skipped for a download.
 */
export async function ensureJars(opts: JarOptions): Promise<string[]> {
  const artifacts = opts.artifacts ?? ARTIFACTS;
  const local = opts.localRepository ?? path.join(os.homedir(), '.m2', 'repository');
  const remote = checkRepositoryUrl(opts.repositoryUrl ?? MAVEN_CENTRAL);
  await fs.mkdir(opts.libDir, { recursive: true });
  const jars: string[] = [];
  let copied = 0;
  let downloaded = 0;
  for (const [i, artifact] of artifacts.entries()) {
    const target = path.join(opts.libDir, jarName(artifact));
    jars.push(target);
    if ((await fileExists(target)) && (await sha256Of(target)) === artifact.sha256) continue;
    const fromLocal = path.join(local, ...repositoryPath(artifact).split('/'));
    if (await fileExists(fromLocal)) {
      const data = await fs.readFile(fromLocal);
      if (sha256OfBuffer(data) === artifact.sha256) {
        await writeAtomically(target, data);
        copied++;
        continue;
      }
      opts.log(`${fromLocal} does not have the expected SHA-256: ignored, downloading it instead`);
    }
    const url = `${remote}/${repositoryPath(artifact)}`;
    opts.log(`downloading ${jarName(artifact)} (${i + 1}/${artifacts.length}) from ${remote}`);
    const data = await download(url);
    const actual = sha256OfBuffer(data);
    if (actual !== artifact.sha256) {
      throw new ChecksumMismatch(
        `${url} was refused: its SHA-256 is ${actual}, the pinned one is ${artifact.sha256} ` +
          '(a corrupted or tampered download, or a mirror serving another file)',
      );
    }
    await writeAtomically(target, data);
    downloaded++;
  }
  if (copied > 0) opts.log(`copied ${copied} jar(s) from the local Maven repository ${local}`);
  if (downloaded > 0) opts.log(`downloaded ${downloaded} jar(s), checksums verified`);
  return jars;
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    throw new Error(`download of ${url} failed: ${errorMessage(cause ?? err)}`, { cause: err });
  }
  if (!response.ok) throw new Error(`download of ${url} failed: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Two processes may provision at once: each writes its own temp file and renames it into place. */
async function writeAtomically(target: string, data: Buffer): Promise<void> {
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  try {
    await fs.writeFile(partial, data);
    await fs.rename(partial, target);
  } finally {
    await fs.rm(partial, { force: true });
  }
}
