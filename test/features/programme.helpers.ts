import Handlebars from 'handlebars';
import { Programme } from '../../src/programmes/model';
import { text } from '../helpers';

/** Helpers of the ladder tests (programme-*.test.ts). */
/** Text as Handlebars puts it in a page. */
export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

export const FORBIDDEN = text('errors.forbidden');
export const NOT_FOUND = text('errors.notFound');
export const STALE = text('programmes.stale');
export const REQUIRED = text('validation.required');
export const GATE_LEVEL = text('programmes.stage.gateLevel');

export async function stored() {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 }).lean();
  if (!programme) throw new Error('no programme');
  return programme;
}
export const keys = async (): Promise<string[]> => (await stored()).stages.map((s) => s.key);
export const version = async (): Promise<string> => String((await stored()).__v);

/** Sets the gates of one stage straight in the database (FerretDB has no positional `$` update). */
export async function setGates(key: string, gates: { axis: string; level: number }[]): Promise<void> {
  const programme = await Programme.findOne({}).sort({ createdAt: 1 });
  const stage = programme?.stages.find((s) => s.key === key);
  if (!programme || !stage) throw new Error(`no stage ${key}`);
  stage.set('minLevels', gates);
  await programme.save();
}

/** The stage keys in the order the ladder page lists them. */
export function listedKeys(page: string): string[] {
  return [...page.matchAll(/<li id="stage-([a-z0-9_]+)"/g)].map((m) => m[1]);
}

/** The version the ladder page puts in its buttons. */
export function pageVersion(page: string): string {
  const match = /name="version" value="(\d+)"/.exec(page);
  if (!match) throw new Error('no version on the page');
  return match[1];
}

/** The block of one stage on the ladder page. */
export function stageBlock(page: string, key: string): string {
  const start = page.indexOf(`<li id="stage-${key}"`);
  if (start < 0) throw new Error(`no stage ${key} on the page`);
  const next = page.indexOf('<li id="stage-', start + 1);
  return page.slice(start, next > start ? next : page.indexOf('</ol>', start));
}

export const stageFields = (over: Record<string, string> = {}): Record<string, string> => ({
  labelFr: 'Étude clinique pivot',
  labelEn: 'Pivotal clinical study',
  criteriaFr: 'Protocole accepté par le CPP.',
  criteriaEn: 'Protocol approved by the ethics committee.',
  ...over,
});
