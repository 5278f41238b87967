import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { LoginThrottle } from '../../src/core/auth/throttle';
import { ServiceUnavailable, TooManyRequests } from '../../src/core/errors';

const settings = { maxFailuresPerAccount: 3, maxFailuresPerIp: 10, lockMinutes: 15 };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('login throttle store', () => {

  it('locks after the allowed failures and tells how long to wait', async () => {
    const throttle = new LoginThrottle(mongoose.connection.db!, settings);
    await throttle.assertAllowed('a@b.c', '1.2.3.4');
    for (let i = 0; i < 3; i += 1) await throttle.recordFailure('a@b.c', '1.2.3.4');
    const err = await rejection(throttle.assertAllowed('A@B.C ', '1.2.3.4'));
    expect(err).to.be.instanceOf(TooManyRequests);
    expect((err as TooManyRequests).retryAfterSeconds).to.be.within(14 * 60, 15 * 60);
    // Another address is not locked for this account.
    await throttle.assertAllowed('a@b.c', '5.6.7.8');
  });

  it('fails closed: when its store cannot be reached, sign-in is refused with 503, never let through', async () => {
    const client = new MongoClient(String(process.env.BOOST_TEST_DB_URI), { serverSelectionTimeoutMS: 1000 });
    await client.connect();
    const throttle = new LoginThrottle(client.db(), settings);
    await client.close();
    expect(await rejection(throttle.assertAllowed('a@b.c', '1.2.3.4'))).to.be.instanceOf(ServiceUnavailable);
    expect(await rejection(throttle.recordFailure('a@b.c', '1.2.3.4'))).to.be.instanceOf(ServiceUnavailable);
  });
});
