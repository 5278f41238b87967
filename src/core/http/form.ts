import type { Request, RequestHandler, Response } from 'express';
import type Joi from 'joi';
import { Conflict, ValidationFailed, type FieldErrors } from '../errors';
import { flash, type FlashMessage } from './flash';
import { validate } from './validate';

export interface FormContext {
  /** Values to show in the form when the stored record changed under the user (stale save). */
  values?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FormOptions<T> {
  /** The view that shows the form again after an error. */
  view: string;
  schema: Joi.ObjectSchema<T>;
  /** What the form page needs besides values and errors: select options, the record being edited. */
  context?: (req: Request, res: Response) => Promise<FormContext>;
  /** Does the work through one service; returns the flash message and where to go next. */
  handle: (req: Request, value: T, res: Response) => Promise<{ redirect: string; flash?: FlashMessage }>;
}

/** Submitted values to put back in the form: never passwords, tokens or the CSRF field. */
export function keptValues(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (/password|token|^_csrf$/i.test(key)) continue;
    out[key] = value;
  }
  return out;
}

export async function renderForm(
  req: Request,
  res: Response,
  view: string,
  context: FormContext,
  status: number,
  errors: FieldErrors,
  formError?: string,
): Promise<void> {
  const { values: currentValues, ...rest } = context;
  res.status(status).render(view, {
    ...rest,
    values: currentValues ?? keptValues(req.body),
    errors,
    formError,
  });
}

/**
 * POST handler of a form: validate, call the service, Post/Redirect/Get with a flash message.
 * Bad input re-renders the same page with the messages and the values typed (422);
 * a stale save re-renders with the current stored values and says so (409).
 */
export function handleForm<T>(options: FormOptions<T>): RequestHandler {
  return async (req, res) => {
    try {
      const value = validate(options.schema, req.body);
      const result = await options.handle(req, value, res);
      if (result.flash) flash(req, result.flash);
      res.redirect(303, result.redirect);
    } catch (err) {
      if (err instanceof ValidationFailed) {
        const context = options.context ? await options.context(req, res) : {};
        delete context.values;
        return renderForm(req, res, options.view, context, 422, err.fields, err.messageKey);
      }
      if (err instanceof Conflict) {
        const context = options.context ? await options.context(req, res) : {};
        return renderForm(req, res, options.view, context, 409, {}, err.messageKey);
      }
      throw err;
    }
  };
}
