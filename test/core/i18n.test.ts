import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { allKeys, fromAcceptLanguage, hasKey, translate } from '../../src/core/i18n';
import { ROOT_DIR } from '../../src/core/config';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full, ext) : full.endsWith(ext) ? [full] : [];
  });
}

describe('texts in French and English', () => {
  it('has exactly the same keys in both languages, none empty', () => {
    expect(allKeys('en')).to.deep.equal(allKeys('fr'));
    for (const key of allKeys('fr')) {
      expect(translate('fr', key), key).to.not.equal('');
      expect(translate('en', key), key).to.not.equal('');
    }
  });

  it('has a text for every key the views and the code name literally', () => {
    const used = new Set<string>();
    for (const file of files(path.join(ROOT_DIR, 'views'), '.hbs')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\(?\bt\s+"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
    }
    for (const file of files(path.join(ROOT_DIR, 'src'), '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:key|messageKey|fieldError\(|Conflict\(|t\()\s*:?\s*'([a-z][a-zA-Z]*\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).to.be.greaterThan(50);
    const missing = [...used].filter((k) => !hasKey('fr', k) || !hasKey('en', k));
    expect(missing).to.deep.equal([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('fr', 'home.hello', { name: 'Karim' })).to.equal('Bonjour Karim');
    expect(translate('en', 'home.hello', { name: 'Karim' })).to.equal('Hello Karim');
    expect(translate('en', 'home.hello')).to.equal('Hello {name}');
  });

  it('reads Accept-Language by preference order', () => {
    expect(fromAcceptLanguage('en-GB,en;q=0.9,fr;q=0.8')).to.equal('en');
    expect(fromAcceptLanguage('de-DE,fr;q=0.5,en;q=0.3')).to.equal('fr');
    expect(fromAcceptLanguage('de-DE')).to.equal(undefined);
    expect(fromAcceptLanguage('en;q=0,fr;q=0.1')).to.equal('fr');
    expect(fromAcceptLanguage(undefined)).to.equal(undefined);
  });
});
