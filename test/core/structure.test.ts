import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ROOT_DIR } from '../../src/core/config';

/**
 * The rules of the code's shape (README, "Layout"): imports flow from features to the core, never
 * back; features form no cycle; only the policy knows roles; files stay short.
 */
const SRC = path.join(ROOT_DIR, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file: string): string => path.relative(ROOT_DIR, file).split(path.sep).join('/');

/**
 * The local files a file imports (relative specifiers resolved to .ts or folder/index.ts). With
 * `typesToo` false, `import type` lines are left out: they vanish at run time and make no cycle.
 */
function importsOf(file: string, typesToo = true): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern = /^(?:import|export)(\s+type)?\b[^;]*?(?:from\s+)?'(\.{1,2}\/[^']*)';/gm;
  const specifiers = [...text.matchAll(pattern)].filter((m) => typesToo || !m[1]).map((m) => m[2]);
  return specifiers.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    throw new Error(`${rel(file)} imports ${spec}, which does not exist`);
  });
}

/** "core", a feature folder's name, or "(root)" for the composition files at the top of src/ (app, server, texts). */
function layerOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? '(root)' : parts[0];
}

/** The cycles of a directed graph (each as the list of its nodes), by depth-first search. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'visiting') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** Source without comments and without the text of string literals that are not role names. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the shape of the code', () => {
  const all = files(SRC);

  it('the core imports no feature (features register into it; app.ts wires them)', () => {
    const backwards = all.filter((f) => layerOf(f) === 'core').flatMap((f) => importsOf(f).filter((t) => layerOf(t) !== 'core').map((t) => `${rel(f)} → ${rel(t)}`));
    expect(backwards).to.deep.equal([]);
  });

  it('no feature imports the composition files (entry points aside), and features form no cycle', () => {
    const graph = new Map<string, Set<string>>();
    const intoRoot: string[] = [];
    for (const file of all) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        // An entry point (npm run seed, db:prepare) starts like the app does: it may load the texts.
        if (to === '(root)' && from !== '(root)' && !file.endsWith('cli.ts')) intoRoot.push(`${rel(file)} → ${rel(target)}`);
        if (from === to || from === '(root)' || from === 'core' || to === 'core') continue;
        if (!graph.has(from)) graph.set(from, new Set());
        graph.get(from)?.add(to);
      }
    }
    expect(intoRoot).to.deep.equal([]);
    expect(cycles(graph).map((c) => c.join(' → '))).to.deep.equal([]);
  });

  it('no file imports itself back through others (no cycle between files)', () => {
    const graph = new Map(all.map((f) => [rel(f), new Set(importsOf(f, false).map(rel))]));
    expect(cycles(graph).map((c) => c.join(' → '))).to.deep.equal([]);
  });

  it('only the policy folder knows roles: no role named in code elsewhere (texts, demo data and benchmark data aside)', () => {
    const exempt = (f: string) => /^src\/(core\/policy\/|seed\/|bench\/)|\/texts(-fr|-en)?\.ts$|^src\/types\.d\.ts$/.test(rel(f));
    const offenders = all
      .filter((f) => !exempt(f))
      .flatMap((f) => code(f).split('\n').map((line, i) => ({ line, at: `${rel(f)}:${i + 1}` })))
      .filter(({ line }) => /'(manager|founder|mentor|partner|observer)'/.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(offenders).to.deep.equal([]);
  });

  it('the signed-in user is read through currentUser(), never cast', () => {
    const casts = all.filter((f) => /as SessionUser\b|req\.user as\b/.test(code(f))).map(rel);
    expect(casts).to.deep.equal([]);
  });

  it('no file of src/ or test/ is over 300 lines', () => {
    const long = [...all, ...files(path.join(ROOT_DIR, 'test'))]
      .map((f) => ({ f: rel(f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter(({ n }) => n > 300)
      .map(({ f, n }) => `${f} (${n})`);
    expect(long).to.deep.equal([]);
  });
});
