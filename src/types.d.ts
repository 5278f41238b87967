import type { SessionUser } from './core/auth/session-user';

declare global {
  namespace Express {
    // Passport's req.user is the plain SessionUser built at deserialisation.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

declare module 'express-session' {
  interface SessionData {
    locale?: 'fr' | 'en';
    /** When the user signed in: for the absolute session timeout. */
    loginAt?: number;
    returnTo?: string;
  }
}

export {};
