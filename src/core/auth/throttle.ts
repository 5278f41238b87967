import type { Db } from 'mongodb';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { ServiceUnavailable, TooManyRequests } from '../errors';

export const THROTTLE_COLLECTION = 'login_throttle';

export interface ThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  lockMinutes: number;
}

/**
 * Login throttling kept in MongoDB, so that it holds across instances:
 * consecutive failures per account+IP, and failures per IP over a day.
 * Any store error refuses the login (fail closed).
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterMongo;
  private readonly byIp: RateLimiterMongo;

  constructor(db: Db, settings: ThrottleSettings) {
    const lock = settings.lockMinutes * 60;
    this.byAccount = new RateLimiterMongo({
      storeClient: db,
      tableName: THROTTLE_COLLECTION,
      // Indexes come from prepareCollections(): the embedded server has no TTL expiry.
      disableIndexesCreation: true,
      keyPrefix: 'acct',
      points: settings.maxFailuresPerAccount,
      duration: lock,
      blockDuration: lock,
    });
    this.byIp = new RateLimiterMongo({
      storeClient: db,
      tableName: THROTTLE_COLLECTION,
      disableIndexesCreation: true,
      keyPrefix: 'ip',
      points: settings.maxFailuresPerIp,
      duration: 24 * 60 * 60,
      blockDuration: lock,
    });
  }

  private static accountKey(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  /** Throws TooManyRequests while either key is locked out, ServiceUnavailable when the store fails. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [acct, byIp] = await Promise.all([
      this.guard(() => this.byAccount.get(LoginThrottle.accountKey(email, ip))),
      this.guard(() => this.byIp.get(ip)),
    ]);
    const waits = [
      acct && acct.consumedPoints >= this.byAccount.points ? acct.msBeforeNext : 0,
      byIp && byIp.consumedPoints >= this.byIp.points ? byIp.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyRequests(Math.ceil(wait / 1000));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.consume(() => this.byAccount.consume(LoginThrottle.accountKey(email, ip))),
      this.consume(() => this.byIp.consume(ip)),
    ]);
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.guard(() => this.byAccount.delete(LoginThrottle.accountKey(email, ip)));
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch {
      throw new ServiceUnavailable();
    }
  }

  /** consume() rejects with a RateLimiterRes when the limit is reached: that is not a store failure. */
  private async consume(op: () => Promise<RateLimiterRes>): Promise<void> {
    try {
      await op();
    } catch (err) {
      if (err instanceof RateLimiterRes) return;
      throw new ServiceUnavailable();
    }
  }
}

/**
 * A cap on an action per key over a window, kept in MongoDB like the login throttling (it holds
 * across instances): e.g. "forgotten password" requests per address and per IP.
 */
export class ActionThrottle {
  private readonly limiter: RateLimiterMongo;

  constructor(db: Db, keyPrefix: string, points: number, windowSeconds: number) {
    this.limiter = new RateLimiterMongo({ storeClient: db, tableName: THROTTLE_COLLECTION, disableIndexesCreation: true, keyPrefix, points, duration: windowSeconds });
  }

  /** Counts one more use of `key`; false once the cap of the window is reached (a store error refuses too). */
  async take(key: string): Promise<boolean> {
    try {
      await this.limiter.consume(key);
      return true;
    } catch {
      return false;
    }
  }
}
