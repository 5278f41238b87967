import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/core/config';

describe('configuration', () => {
  it('starts with no setting at all, on the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.defaultLocale).to.equal('fr');
    expect(config.storageDriver).to.equal('disk');
    expect(config.uploadMaxBytes).to.equal(25 * 1024 * 1024);
    expect(config.trustProxy).to.equal(false);
    expect(config.cookieSecure).to.equal(false);
    expect(config.javaMemory).to.deep.equal({ heapMb: 1024, cacheMb: 512 });
  });

  it('treats an empty value as unset, as in a copied .env.example', () => {
    const config = loadConfig({ MONGODB_URI: '', SMTP_HOST: '', COOKIE_SECURE: '', PORT: '' });
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.smtp).to.equal(undefined);
    expect(config.port).to.equal(3000);
  });

  it('names every bad value in one clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty', STORAGE_DRIVER: 'ftp', MONGODB_URI: 'http://x' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/PORT/)
      .and.matches(/STORAGE_DRIVER/)
      .and.matches(/MONGODB_URI/)
      .and.matches(/\.env\.example/);
  });

  it('requires a real SESSION_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).to.throw(ConfigError, /SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'short' })).to.throw(ConfigError, /SESSION_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).sessionSecret).to.equal('x'.repeat(40));
  });

  it('turns on secure cookies behind a trusted proxy unless told otherwise', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).cookieSecure).to.equal(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).to.equal('loopback');
    expect(loadConfig({ TRUST_PROXY: '1', COOKIE_SECURE: '0' }).cookieSecure).to.equal(false);
    expect(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure).to.equal(true);
  });

  it('builds set-password links from BASE_URL', () => {
    expect(loadConfig({ BASE_URL: 'https://boost.example.org/' }).baseUrl).to.equal('https://boost.example.org');
    expect(loadConfig({ PORT: '4000' }).baseUrl).to.equal('http://localhost:4000');
  });

  it('sizes mongo-java-server from DB_JAVA_HEAP_MB and DB_JAVA_CACHE_MB, leaving the heap room for queries', () => {
    expect(loadConfig({ DB_JAVA_HEAP_MB: '2048', DB_JAVA_CACHE_MB: '1024' }).javaMemory).to.deep.equal({ heapMb: 2048, cacheMb: 1024 });
    expect(() => loadConfig({ DB_JAVA_HEAP_MB: '512', DB_JAVA_CACHE_MB: '512' })).to.throw(ConfigError, /DB_JAVA_CACHE_MB \(512\) must leave at least 128 MB of DB_JAVA_HEAP_MB \(512\)/);
    expect(() => loadConfig({ DB_JAVA_HEAP_MB: 'lots' })).to.throw(ConfigError, /DB_JAVA_HEAP_MB/);
    expect(() => loadConfig({ MAVEN_REPOSITORY_URL: 'ftp://mirror' })).to.throw(ConfigError, /MAVEN_REPOSITORY_URL/);
  });
});
