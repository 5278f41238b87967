import { expect } from 'chai';
import { Conflict } from '../../src/core/errors';
import { Lock, LockHeldTooLong, NestedLock, withLock } from '../../src/core/db/lock';

/** Resolves when `check` holds, polling; fails after `ms`. */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A promise and the function that resolves it: a gate a test opens when it decides. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('locks (core/db/lock.ts)', () => {
  it('lets one holder in at a time: the second waits for the first to finish', async () => {
    const order: string[] = [];
    const first = gate();
    const a = withLock('k', async () => {
      order.push('a in');
      await first.opened;
      order.push('a out');
    });
    await until(async () => (await Lock.exists({ _id: 'k' })) !== null);
    const b = withLock('k', async () => {
      order.push('b in');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).to.deep.equal(['a in']);
    first.open();
    await Promise.all([a, b]);
    expect(order).to.deep.equal(['a in', 'a out', 'b in']);
    expect(await Lock.countDocuments({})).to.equal(0);
  });

  it('a holder whose lease was lost cannot release the lock of the one who took it over', async () => {
    const slow = gate();
    const a = withLock('k', () => slow.opened);
    await until(async () => (await Lock.exists({ _id: 'k' })) !== null);
    // A's lease is gone (as if its renewals had failed): B takes the key.
    await Lock.deleteOne({ _id: 'k' });
    const bInside = gate();
    const bDone = gate();
    const b = withLock('k', async () => {
      bInside.open();
      await bDone.opened;
    });
    await bInside.opened;
    const bOwner = (await Lock.findOne({ _id: 'k' }).lean())?.owner;
    slow.open();
    let refused: unknown;
    await a.catch((err: unknown) => (refused = err));
    // A learns it lost the lock, and B's lock is still there, still B's.
    expect(refused).to.be.instanceOf(LockHeldTooLong);
    expect((await Lock.findOne({ _id: 'k' }).lean())?.owner).to.equal(bOwner);
    bDone.open();
    await b;
    expect(await Lock.countDocuments({})).to.equal(0);
  });

  it('the key of a holder that crashed is free again once its lease is over', async () => {
    // What a process that died while holding the key leaves behind: a lock nobody renews.
    await Lock.create({ _id: 'k', owner: 'a process that died', expiresAt: new Date(Date.now() + 300) });
    const started = Date.now();
    const result = await withLock('k', async () => 'in', { waitMs: 5000 });
    expect(result).to.equal('in');
    expect(Date.now() - started).to.be.below(5000);
  });

  it('a key held and not released in time: the waiter gives up with a Conflict, nothing runs', async () => {
    await Lock.create({ _id: 'k', owner: 'someone else', expiresAt: new Date(Date.now() + 60_000) });
    let ran = false;
    let refused: unknown;
    await withLock('k', async () => {
      ran = true;
    }, { waitMs: 200 }).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(Conflict);
    expect((refused as Conflict).messageKey).to.equal('errors.busy');
    expect(ran).to.equal(false);
  });

  it('taking a key again inside its own work fails at once, with a clear error, and frees the key', async () => {
    const started = Date.now();
    let refused: unknown;
    await withLock('k', () => withLock('k', async () => 'never')).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(NestedLock);
    expect(String((refused as Error).message)).to.contain('already held by this flow');
    expect(Date.now() - started).to.be.below(1000);
    expect(await Lock.countDocuments({})).to.equal(0);
  });

  it('work that outlives its bound is refused and the key released for the others', async () => {
    const never = gate();
    let refused: unknown;
    await withLock('k', () => never.opened, { maxHoldMs: 150 }).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(LockHeldTooLong);
    expect(await Lock.countDocuments({})).to.equal(0);
    never.open();
  });

  it('renews the lease of a holder that works longer than the lease', async () => {
    const done = gate();
    const a = withLock('k', () => done.opened, { leaseMs: 300, maxHoldMs: 5000 });
    await until(async () => (await Lock.exists({ _id: 'k' })) !== null);
    const firstExpiry = (await Lock.findOne({ _id: 'k' }).lean())?.expiresAt?.getTime() ?? 0;
    await until(async () => ((await Lock.findOne({ _id: 'k' }).lean())?.expiresAt?.getTime() ?? 0) > firstExpiry);
    // Nobody else gets in while the holder is alive and renewing.
    let refused: unknown;
    await withLock('k', async () => 'in', { waitMs: 400 }).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(Conflict);
    done.open();
    await a;
  });
});
