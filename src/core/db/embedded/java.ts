import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage, findOnPath, isExecutableFile, run, tail } from '../proc';

/** mongo-java-server 1.47 is compiled for Java 17 (class file version 61). */
export const MIN_JAVA = 17;
export const JDK_HINT = 'install a JDK 17 or later (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME';

export interface JavaTools {
  java: string;
  /** Needed only to compile the launcher once; absent with a JRE alone. */
  javac?: string;
  /** Major version of `java`. */
  version: number;
  /** Where they were found, for the log line. */
  source: string;
}

export type JavaLookup = { tools: JavaTools } | { missing: string };

/** `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_392" for Java 8) on stderr. */
export function parseJavaVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (match === null) return undefined;
  const major = Number(match[1]);
  return major === 1 && match[2] !== undefined ? Number(match[2]) : major;
}

async function javaVersion(java: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout, stderr } = await run(java, ['-version'], { env, timeoutMs: 30_000 });
  const version = parseJavaVersion(`${stderr}\n${stdout}`);
  if (version === undefined) throw new Error(`no version in the output of ${java} -version: ${tail(stderr)}`);
  return version;
}

/** A javac in the same JDK as this java (PATH often holds only /usr/bin/java, a link into the JDK). */
async function javacBeside(java: string): Promise<string | undefined> {
  try {
    const candidate = path.join(path.dirname(await fs.realpath(java)), 'javac');
    return (await isExecutableFile(candidate)) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

async function candidate(java: string, javac: string | undefined, source: string, env: NodeJS.ProcessEnv): Promise<JavaLookup> {
  let version: number;
  try {
    version = await javaVersion(java, env);
  } catch (err) {
    return { missing: `${java} does not run (${errorMessage(err)})` };
  }
  if (version < MIN_JAVA) return { missing: `${java} is Java ${version}, ${MIN_JAVA} or later is needed` };
  return { tools: { java, javac: javac ?? (await javacBeside(java)), version, source } };
}

/** java and javac: from JAVA_HOME first, then from PATH. Says why when there is no usable java. */
export async function findJava(env: NodeJS.ProcessEnv): Promise<JavaLookup> {
  const notes: string[] = [];
  const home = env.JAVA_HOME;
  if (home) {
    const java = path.join(home, 'bin', 'java');
    if (await isExecutableFile(java)) {
      const javac = path.join(home, 'bin', 'javac');
      const found = await candidate(java, (await isExecutableFile(javac)) ? javac : undefined, `from JAVA_HOME (${home})`, env);
      if ('tools' in found) return found;
      notes.push(`JAVA_HOME=${home}: ${found.missing}`);
    } else {
      notes.push(`JAVA_HOME=${home} has no bin/java`);
    }
  } else {
    notes.push('JAVA_HOME unset');
  }
  const java = await findOnPath('java', env);
  if (java === undefined) {
    notes.push('no java on PATH');
    return { missing: `no Java (${notes.join(', ')}): ${JDK_HINT}` };
  }
  const found = await candidate(java, await findOnPath('javac', env), `from PATH (${java})`, env);
  if ('tools' in found) return found;
  notes.push(found.missing);
  return { missing: `no usable Java (${notes.join(', ')}): ${JDK_HINT}` };
}
