import passport from 'passport';
import type { Request } from 'express';
import { Strategy as LocalStrategy } from 'passport-local';
import { isObjectId } from '../db/ids';
import type { SessionUser } from './session-user';

/** An Authenticator of our own (not the global singleton), so each app instance is independent. */
export type PassportInstance = InstanceType<typeof passport.Passport>;

/** What the session stores about the signed-in user: the id and the epoch it signed in under. */
export interface SerializedUser {
  id: string;
  epoch: number;
}


declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the login strategy: the epoch to store in the session. */
    loginEpoch?: number;
  }
}

/** Reads the signed-in user of a session: null when unknown, inactive, or signed out since (another epoch). */
export type SessionUserLoader = (id: string, epoch: number) => Promise<SessionUser | null>;

/**
 * Configures passport-local. The verify function (account service) throws typed errors
 * (TooManyRequests, ServiceUnavailable) or returns null for bad credentials; the loader (users
 * feature) reads the user of a session at each request.
 */
export function configurePassport(
  verify: (email: string, password: string, ip: string) => Promise<{ user: SessionUser; epoch: number } | null>,
  loadUser: SessionUserLoader,
): PassportInstance {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      verify(email, password, req.ip ?? '')
        .then((result) => {
          if (!result) return done(null, false);
          req.loginEpoch = result.epoch;
          return done(null, result.user);
        })
        .catch((err: unknown) => done(err));
    }),
  );
  instance.serializeUser<SerializedUser, Request>((req: Request, user: Express.User, done: (err: unknown, id?: SerializedUser) => void) => {
    done(null, { id: user.id, epoch: req.loginEpoch ?? 0 });
  });
  // A deactivated user, or one whose sessions were ended (epoch bumped), is signed out on the next request.
  instance.deserializeUser<SerializedUser>((stored, done) => {
    if (!stored || !isObjectId(stored.id) || typeof stored.epoch !== 'number') return done(null, false);
    loadUser(stored.id, stored.epoch)
      .then((user) => done(null, user ?? false))
      .catch((err: unknown) => done(err));
  });
  return instance;
}
