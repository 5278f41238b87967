import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorMessage, fileExists, run } from '../proc';
import { ARTIFACTS, MONGO_JAVA_SERVER_VERSION, ensureJars, jarName, type Artifact } from './artifacts';
import { JDK_HINT, findJava, type JavaTools } from './java';

/** Our launcher, compiled once into the project cache (never committed as a binary). */
export const LAUNCHER_SOURCE = path.join(__dirname, 'BoostDbServer.java');
export const LAUNCHER_CLASS = 'BoostDbServer';

/** What it takes to run the server: the java command and the class path. */
export interface JavaServerRuntime {
  java: string;
  classpath: string[];
  /** Where Java and the files came from, for the log line. */
  source: string;
}

export interface ProvisionOptions {
  env: NodeJS.ProcessEnv;
  /** The project cache (<repo>/.cache); files go to mongo-java-server/<version>/. */
  cacheDir: string;
  log: (msg: string) => void;
  /** Local Maven repository (default ~/.m2/repository); tests point it elsewhere. */
  localRepository?: string;
  artifacts?: readonly Artifact[];
}

export function javaServerCacheDir(cacheDir: string): string {
  return path.join(cacheDir, 'mongo-java-server', MONGO_JAVA_SERVER_VERSION);
}

/** The launcher's folder is named after the hash of its source and class path: an edit means a recompile. */
export async function launcherDir(cacheDir: string, artifacts: readonly Artifact[] = ARTIFACTS): Promise<string> {
  const hash = createHash('sha256')
    .update(await fs.readFile(LAUNCHER_SOURCE))
    .update(artifacts.map((a) => `${jarName(a)}:${a.sha256}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return path.join(javaServerCacheDir(cacheDir), `launcher-${hash}`);
}

/**
 * Java, the verified jars and the compiled launcher, fetching and compiling what is missing (progress in
 * the log). Throws with every reason when the server cannot be had: no Java, no JDK to compile, a refused
 * download…
 */
export async function provideJavaServer(opts: ProvisionOptions): Promise<JavaServerRuntime> {
  const found = await findJava(opts.env);
  if ('missing' in found) throw new Error(found.missing);
  const tools = found.tools;
  const log = (msg: string): void => opts.log(`mongo-java-server: ${msg}`);
  const artifacts = opts.artifacts ?? ARTIFACTS;
  const jars = await ensureJars({
    libDir: path.join(javaServerCacheDir(opts.cacheDir), 'lib'),
    localRepository: opts.localRepository,
    repositoryUrl: opts.env.MAVEN_REPOSITORY_URL || undefined,
    log,
    artifacts,
  });
  const classes = await launcherDir(opts.cacheDir, artifacts);
  let compiled = '';
  if (!(await fileExists(path.join(classes, `${LAUNCHER_CLASS}.class`)))) {
    await compileLauncher(tools, jars, classes, log);
    compiled = ', launcher compiled now';
  }
  return {
    java: tools.java,
    classpath: [classes, ...jars],
    source: `Java ${tools.version} ${tools.source}${compiled}`,
  };
}

async function compileLauncher(tools: JavaTools, jars: string[], target: string, log: (msg: string) => void): Promise<void> {
  if (tools.javac === undefined) {
    throw new Error(`Java ${tools.version} ${tools.source} has no javac to compile the launcher (a JRE only): ${JDK_HINT}`);
  }
  log(`compiling the launcher ${path.basename(LAUNCHER_SOURCE)} with ${tools.javac}…`);
  await fs.mkdir(path.dirname(target), { recursive: true });
  // Compiled aside, then renamed: a process that starts meanwhile never sees half the classes.
  const partial = await fs.mkdtemp(path.join(path.dirname(target), 'partial-'));
  try {
    const args = ['--release', '17', '-encoding', 'UTF-8', '-d', partial, '-cp', jars.join(path.delimiter), LAUNCHER_SOURCE];
    await run(tools.javac, args, { cwd: os.tmpdir(), timeoutMs: 180_000 });
    await fs.chmod(partial, 0o755);
    await fs.rename(partial, target).catch(async (err: unknown) => {
      // Another process compiled the same source first: its result is as good.
      if (!(await fileExists(path.join(target, `${LAUNCHER_CLASS}.class`)))) throw err;
    });
  } catch (err) {
    throw new Error(`the launcher does not compile: ${errorMessage(err)}`, { cause: err });
  } finally {
    await fs.rm(partial, { recursive: true, force: true });
  }
}
