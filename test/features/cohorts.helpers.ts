import Handlebars from 'handlebars';
import { text } from '../helpers';

/** Helpers of the cohort tests (cohorts*.test.ts). */
export const html = (text: string): string => Handlebars.Utils.escapeExpression(text);

export const FORBIDDEN = text('errors.forbidden');
export const NOT_FOUND = text('errors.notFound');
export const STALE = text('errors.staleEdit');
export const REQUIRED = text('validation.required');
export const BAD_DATE = text('validation.date');

export const fields = (over: Record<string, string> = {}): Record<string, string> => ({
  name: 'Boost 2027 – printemps',
  startDate: '2027-03-01',
  endDate: '2027-09-30',
  status: 'planned',
  ...over,
});

/** Cohort names in the order the list shows them. */
export function listed(page: string): string[] {
  return [...page.matchAll(/<td><a href="\/cohorts\/[0-9a-f]{24}">([^<]*)<\/a><\/td>/g)].map((m) => m[1]);
}

/** The error shown next to a field of the form. */
export const fieldError = (field: string, message: string): string => `<div id="e-${field}" class="invalid-feedback">${html(message)}</div>`;

/** The count the cohort page shows for one stage of the ladder. */
export function stageCount(page: string, key: string): string | undefined {
  return new RegExp(`data-stage="${key}">\\s*<span>[^<]*</span><span class="badge[^"]*">(\\d+)</span>`).exec(page)?.[1];
}
