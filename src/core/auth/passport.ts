import passport from 'passport';
import type { Request } from 'express';
import { Strategy as LocalStrategy } from 'passport-local';
import mongoose from 'mongoose';
import { User, toSessionUser, type SessionUser } from '../../users/model';

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

/**
 * Configures passport-local. The verify function (account service) throws typed errors
 * (TooManyRequests, ServiceUnavailable) or returns null for bad credentials.
 */
export function configurePassport(verify: (email: string, password: string, ip: string) => Promise<{ user: SessionUser; epoch: number } | null>): PassportInstance {
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
    if (!stored || typeof stored.id !== 'string' || !mongoose.isValidObjectId(stored.id)) return done(null, false);
    User.findOne({ _id: stored.id, active: true })
      .lean()
      .then((user) => {
        if (!user || (user.sessionEpoch ?? 0) !== stored.epoch) return done(null, false);
        return done(null, toSessionUser(user));
      })
      .catch((err: unknown) => done(err));
  });
  return instance;
}
