/** Typed errors thrown by services; the error middleware turns them into pages. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly messageKey: string,
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

/** Outside the user's reach, or does not exist: the two are never told apart. */
export class NotFound extends AppError {
  constructor() {
    super(404, 'errors.notFound');
  }
}

/** A page the user's role may not use at all. */
export class Forbidden extends AppError {
  constructor() {
    super(403, 'errors.forbidden');
  }
}

/** A state change that lost a race or breaks a uniqueness rule. */
export class Conflict extends AppError {
  constructor(messageKey = 'errors.conflict') {
    super(409, messageKey);
  }
}

export class ServiceUnavailable extends AppError {
  constructor() {
    super(503, 'errors.unavailable');
  }
}

/** A message key for one form field, with the values its text needs (e.g. a length limit). */
export interface FieldError {
  key: string;
  vars?: Record<string, unknown>;
}
export type FieldErrors = Record<string, FieldError>;

export function fieldError(key: string, vars?: Record<string, unknown>): FieldError {
  return vars ? { key, vars } : { key };
}

/**
 * Bad input: `fields` maps a form field to a message key; the route re-renders the form
 * with the submitted values.
 */
export class ValidationFailed extends AppError {
  constructor(
    public readonly fields: FieldErrors,
    messageKey = 'errors.validation',
  ) {
    super(422, messageKey);
  }
}

export class TooManyRequests extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super(429, 'errors.tooManyRequests');
  }
}
