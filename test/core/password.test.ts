import { expect } from 'chai';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/core/auth/password';

describe('passwords', () => {
  it('hashes with argon2id at m ≥ 19456 KiB, t ≥ 2, p = 1, and a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    const [, algorithm, , paramText] = a.split('$');
    expect(algorithm).to.equal('argon2id');
    const params = Object.fromEntries(paramText.split(',').map((kv) => kv.split('=')));
    expect(Number(params.m)).to.be.at.least(19456);
    expect(Number(params.t)).to.be.at.least(2);
    expect(Number(params.p)).to.equal(1);
    expect(a).not.to.equal(b);
    expect(await verifyPassword(a, 'correct horse battery staple')).to.equal(true);
    expect(await verifyPassword(a, 'correct horse battery stapl')).to.equal(false);
  });

  it('accepts 8 characters or more, with no composition rule', () => {
    expect(passwordProblem('seven c!')).to.equal(null);
    expect(passwordProblem('sevench')).to.equal('password.tooShort');
    expect(passwordProblem('alllowercaseletters')).to.equal(null);
  });

  it('counts characters, not bytes, and accepts Unicode', () => {
    expect(passwordProblem('éèàçùâêî')).to.equal(null);
    expect(passwordProblem('😀😀😀😀')).to.equal('password.tooShort');
    expect(passwordProblem('mot de passe très sûr ✓')).to.equal(null);
  });

  it('accepts 64 characters and more, and never truncates', async () => {
    const long = 'a'.repeat(100) + 'X';
    expect(passwordProblem(long)).to.equal(null);
    const hash = await hashPassword(long);
    expect(await verifyPassword(hash, 'a'.repeat(100) + 'Y')).to.equal(false);
    expect(await verifyPassword(hash, 'a'.repeat(100))).to.equal(false);
    expect(await verifyPassword(hash, long)).to.equal(true);
  });

  it('treats a composed and a decomposed accent as the same password', async () => {
    const hash = await hashPassword('café au lait chaud');
    expect(await verifyPassword(hash, 'cafe\u0301 au lait chaud')).to.equal(true);
  });

  it('refuses the most common passwords whatever their case, and the e-mail address', () => {
    for (const p of ['password', 'Password1', '12345678', 'azertyuiop', 'motdepasse', 'iloveyou']) {
      expect(passwordProblem(p), p).to.equal('password.tooCommon');
    }
    expect(passwordProblem('claire.martin@example.org', { email: 'claire.martin@example.org' })).to.equal('password.likeEmail');
  });

  it('refuses more than 256 characters', () => {
    expect(passwordProblem('x'.repeat(257))).to.equal('password.tooLong');
  });

  it('says no for a missing hash without throwing', async () => {
    expect(await verifyPassword(undefined, 'anything at all')).to.equal(false);
    expect(await verifyPassword('not-a-hash', 'anything at all')).to.equal(false);
  });
});
