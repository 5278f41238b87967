import type Joi from 'joi';
import { ValidationFailed, type FieldErrors } from '../errors';

/** Joi error types mapped to our message keys; the rest fall back to "invalid". */
const MESSAGE_KEYS: Record<string, string> = {
  'any.required': 'validation.required',
  'string.empty': 'validation.required',
  'array.min': 'validation.required',
  'array.includesRequiredUnknowns': 'validation.required',
  'string.email': 'validation.email',
  'string.max': 'validation.tooLong',
  'string.min': 'validation.tooShort',
  'number.base': 'validation.number',
  'number.min': 'validation.numberMin',
  'number.max': 'validation.numberMax',
  'number.integer': 'validation.integer',
  'date.base': 'validation.date',
  'string.isoDate': 'validation.date',
  'any.only': 'validation.choice',
  'string.pattern.base': 'validation.format',
  'string.uri': 'validation.url',
  'string.uriCustomScheme': 'validation.url',
  'any.invalid': 'validation.invalid',
  'string.base': 'validation.invalid',
  'array.base': 'validation.invalid',
};

/** Common options: unknown keys are dropped so a form can never set a field it does not name. */
export const JOI_OPTIONS: Joi.ValidationOptions = {
  abortEarly: false,
  stripUnknown: true,
  convert: true,
  errors: { wrap: { label: false } },
};

export function toFieldErrors(error: Joi.ValidationError): FieldErrors {
  const out: FieldErrors = {};
  for (const detail of error.details) {
    const field = String(detail.path[0] ?? '_');
    if (out[field]) continue;
    // A schema may name its own message key with .messages({ type: 'feature.key' }).
    const custom = /^[a-z][a-zA-Z]*\.[a-zA-Z.]+$/.test(detail.message) ? detail.message : undefined;
    const key = custom ?? MESSAGE_KEYS[detail.type] ?? 'validation.invalid';
    const vars: Record<string, unknown> = {};
    for (const name of ['limit', 'from', 'to'] as const) if (detail.context?.[name] !== undefined) vars[name] = detail.context[name];
    out[field] = Object.keys(vars).length ? { key, vars } : { key };
  }
  return out;
}

/** Validates `input` with `schema`; throws ValidationFailed with one message per field. */
export function validate<T>(schema: Joi.ObjectSchema<T>, input: unknown): T {
  const { value, error } = schema.validate(input ?? {}, JOI_OPTIONS);
  if (error) throw new ValidationFailed(toFieldErrors(error));
  return value;
}

/** For query strings: bad values fall back to defaults instead of failing the page. */
export function validateQuery<T>(schema: Joi.ObjectSchema<T>, input: unknown): T {
  const { value, error } = schema.validate(input ?? {}, JOI_OPTIONS);
  if (!error) return value;
  const bad = new Set(error.details.map((d) => String(d.path[0])));
  const cleaned = Object.fromEntries(Object.entries((input ?? {}) as Record<string, unknown>).filter(([k]) => !bad.has(k)));
  return schema.validate(cleaned, JOI_OPTIONS).value as T;
}
