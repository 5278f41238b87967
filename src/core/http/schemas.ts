import Joi from 'joi';

/** Pieces shared by the features' schemas. */
export const objectId = Joi.string().hex().length(24);
export const email = Joi.string().trim().lowercase().max(254).email({ tlds: false });
export const searchText = Joi.string().trim().max(100).allow('').default('');
export const page = Joi.number().integer().min(1).max(100000).default(1);
export const version = Joi.number().integer().min(0).required();
export const locale = Joi.string().valid('fr', 'en');

/** A local path to come back to after login: never another site (`//x`, `/\x`, `https://x`). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters and backslashes: browsers may read them as another origin.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return '/';
  return value;
}
