import type { Request, RequestHandler, Response } from 'express';
import type Joi from 'joi';
import { Conflict, ValidationFailed, type FieldErrors } from '../errors';
import { flash, type FlashMessage } from './flash';
import { once } from './once';
import { validate } from './validate';

export interface FormContext {
  /** Values to show in the form when the stored record changed under the user (stale save). */
  values?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface FormResult {
  redirect: string;
  flash?: FlashMessage;
}

export interface FormOptions<T> {
  /** The view that shows the form again after an error. */
  view: string;
  /** The form's schema, or a function choosing it for this request (by what the user may edit, the programme's axes…). */
  schema: Joi.ObjectSchema<T> | ((req: Request) => Joi.ObjectSchema<T> | Promise<Joi.ObjectSchema<T>>);
  /** What the form page needs besides values and errors: select options, the record being edited. */
  context?: (req: Request, res: Response) => Promise<FormContext> | FormContext;
  /** Before a refused stale save is shown: read the record again (a route's reach.refresh). */
  refresh?: (req: Request) => Promise<unknown>;
  /** Does the work through one service; returns the flash message and where to go next. */
  handle: (req: Request, value: T, res: Response) => Promise<FormResult>;
  /**
   * A create form (its view holds `{{> once}}`): a second identical post gets the first one's answer
   * (core/http/once.ts) instead of creating twice or saying "already exists".
   */
  once?: boolean;
  /**
   * The address of the page the form is on, when the form posts elsewhere (a button's action URL):
   * after an error the form is shown again and the browser's address goes back to the page's own
   * (views/layouts/main.hbs, public/js/app.js), so a reload or a bookmark shows the page, not the action.
   */
  page?: (req: Request) => string;
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
      const schema = typeof options.schema === 'function' ? await options.schema(req) : options.schema;
      const value = validate(schema, req.body);
      const result = options.once ? await once(req, () => options.handle(req, value, res)) : await options.handle(req, value, res);
      if (result.flash) flash(req, result.flash);
      res.redirect(303, result.redirect);
    } catch (err) {
      if (options.page && (err instanceof ValidationFailed || err instanceof Conflict)) res.locals.pageUrl = options.page(req);
      if (err instanceof ValidationFailed) {
        const context = options.context ? await options.context(req, res) : {};
        delete context.values;
        return renderForm(req, res, options.view, context, 422, err.fields, err.messageKey);
      }
      if (err instanceof Conflict) {
        await options.refresh?.(req);
        const context = options.context ? await options.context(req, res) : {};
        return renderForm(req, res, options.view, context, 409, {}, err.messageKey);
      }
      throw err;
    }
  };
}

export interface ActionOptions<T> {
  schema: Joi.ObjectSchema<T>;
  /** Does the work through one service; returns where to go and the success message. */
  handle: (req: Request, value: T) => Promise<FormResult>;
  /** Where a refusal (stale page, a rule that says no) is shown, as a message at the top of that page. */
  refusedTo: (req: Request) => string;
  /** The message for posted values the button cannot have sent (default: the first field's message). */
  invalidKey?: string;
}

/**
 * POST handler of a button (deactivate, remove, apply…): no form to show again, so a refusal
 * (Conflict, or a value the button cannot have sent) comes back as a message on the page it names.
 */
export function handleAction<T>(options: ActionOptions<T>): RequestHandler {
  return async (req, res) => {
    try {
      const value = validate(options.schema, req.body);
      const result = await options.handle(req, value);
      if (result.flash) flash(req, result.flash);
      res.redirect(303, result.redirect);
    } catch (err) {
      if (err instanceof Conflict) flash(req, { type: 'danger', key: err.messageKey });
      else if (err instanceof ValidationFailed) flash(req, { type: 'danger', key: options.invalidKey ?? Object.values(err.fields)[0]?.key ?? err.messageKey });
      else throw err;
      res.redirect(303, options.refusedTo(req));
    }
  };
}
