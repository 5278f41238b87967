import { expect } from 'chai';
import type { JavaServerRuntime } from '../../src/core/db/embedded/provision';
import {
  chooseServer,
  findMongod,
  resolveDatabase,
  type BinaryLookup,
  type JavaServerLookup,
  type ServerFinders,
} from '../../src/core/db/resolve';
import { rejectionOf } from './db-helpers';

/** Decision order, with injected finders; the real servers are in db-java-server.test.ts. */

const FAKE_RUNTIME: JavaServerRuntime = { java: '/x/java', classpath: ['/x/lib.jar'], source: 'Java 17 from test' };

/** Finders that record their calls. */
function recordingFinders(mongod: BinaryLookup, java: JavaServerLookup): ServerFinders & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    findMongod: () => {
      calls.push('mongod');
      return Promise.resolve(mongod);
    },
    findJavaServer: () => {
      calls.push('mongo-java-server');
      return Promise.resolve(java);
    },
  };
}

const JAVA_FOUND: JavaServerLookup = { runtime: FAKE_RUNTIME, source: 'mongo-java-server 1.47.0 with Java 17 from test' };

describe('database resolution', () => {
  describe('chooseServer', () => {
    it('uses MONGODB_URI without looking for any server', async () => {
      const finders = recordingFinders({ path: '/x/mongod', source: 'test' }, JAVA_FOUND);
      const choice = await chooseServer('mongodb://db.example:27017/boost', finders);
      expect(choice).to.deep.equal({ kind: 'external', uri: 'mongodb://db.example:27017/boost', reason: 'MONGODB_URI is set' });
      expect(finders.calls).to.deep.equal([]);
    });

    it('prefers mongod and does not look for mongo-java-server', async () => {
      const finders = recordingFinders({ path: '/x/mongod', source: 'from test' }, JAVA_FOUND);
      const choice = await chooseServer(undefined, finders);
      expect(choice).to.deep.equal({ kind: 'mongod', binary: '/x/mongod', reason: 'mongod from test' });
      expect(finders.calls).to.deep.equal(['mongod']);
    });

    it('falls back to mongo-java-server and says why mongod was not used', async () => {
      const finders = recordingFinders({ missing: 'download failed: offline' }, JAVA_FOUND);
      const choice = await chooseServer('', finders);
      expect(choice).to.deep.equal({
        kind: 'mongo-java-server',
        runtime: FAKE_RUNTIME,
        reason: 'no mongod binary (download failed: offline); mongo-java-server 1.47.0 with Java 17 from test',
      });
      expect(finders.calls).to.deep.equal(['mongod', 'mongo-java-server']);
    });

    it('fails with every reason when no server can be had', async () => {
      const finders = recordingFinders({ missing: 'no mongod here' }, { missing: 'no Java (JAVA_HOME unset, no java on PATH)' });
      const error = await rejectionOf(chooseServer(undefined, finders));
      expect(error.message)
        .to.include('set MONGODB_URI')
        .and.include('mongod: no mongod here')
        .and.include('mongo-java-server: no Java (JAVA_HOME unset, no java on PATH)');
    });
  });

  describe('findMongod', () => {
    it('reports a MONGOMS_SYSTEM_BINARY that does not exist', async () => {
      const lookup = await findMongod({ MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod' });
      expect(lookup).to.deep.equal({ missing: 'MONGOMS_SYSTEM_BINARY=/nonexistent/mongod is not an executable file' });
    });

    it('does not try a download when MONGOMS_RUNTIME_DOWNLOAD is false (unless a mongod is cached)', async () => {
      const lookup = await findMongod({ MONGOMS_RUNTIME_DOWNLOAD: 'false' });
      if ('path' in lookup) {
        expect(lookup.source).to.match(/^from the mongodb-memory-server cache/);
      } else {
        expect(lookup.missing).to.equal('MONGOMS_SYSTEM_BINARY unset, no cached binary, download disabled by MONGOMS_RUNTIME_DOWNLOAD');
      }
    });
  });

  describe('an external server', () => {
    const logs: string[] = [];
    const log = (msg: string): void => {
      logs.push(msg);
    };

    beforeEach(() => {
      logs.length = 0;
    });

    it('is returned without starting anything, and its credentials never reach the log', async () => {
      const finders = recordingFinders({ missing: 'unused' }, { missing: 'unused' });
      const server = await resolveDatabase({ mongodbUri: 'mongodb://u:secret@db.example:27017/?tls=true', dbName: 'boost', log, finders });
      expect(server.kind).to.equal('external');
      expect(server.uri).to.equal('mongodb://u:secret@db.example:27017/boost?tls=true');
      expect(server.dataDir).to.equal(undefined);
      expect(server.process).to.equal(undefined);
      expect(finders.calls).to.deep.equal([]);
      expect(logs).to.deep.equal(['database: external MongoDB at mongodb://***@db.example:27017/boost?tls=true — MONGODB_URI is set']);
      await server.stop();
    });

    it('keeps the database named in MONGODB_URI for the app, and adds dbName when it names none', async () => {
      const uri = async (mongodbUri: string): Promise<string> => (await resolveDatabase({ mongodbUri, dbName: 'boost', log })).uri;
      expect(await uri('mongodb://a:1,b:2/prod')).to.equal('mongodb://a:1,b:2/prod');
      expect(await uri('mongodb+srv://u:p@c.example/prod?retryWrites=true')).to.equal('mongodb+srv://u:p@c.example/prod?retryWrites=true');
      expect(await uri('mongodb://h')).to.equal('mongodb://h/boost');
      expect(await uri('mongodb://h/?tls=true')).to.equal('mongodb://h/boost?tls=true');
    });

    it('for the tests, replaces the database named in MONGODB_URI, keeping it as authSource when it had that role', async () => {
      const uri = async (mongodbUri: string): Promise<string> => (await resolveDatabase({ mongodbUri, dbName: 'boost_test', log, uriDatabase: 'replace' })).uri;
      expect(await uri('mongodb://a:1,b:2/prod')).to.equal('mongodb://a:1,b:2/boost_test');
      expect(await uri('mongodb://h')).to.equal('mongodb://h/boost_test');
      expect(await uri('mongodb://u:p@h/admin?tls=true')).to.equal('mongodb://u:p@h/boost_test?tls=true&authSource=admin');
      expect(await uri('mongodb+srv://u:p@c.example/prod?authSource=admin')).to.equal(
        'mongodb+srv://u:p@c.example/boost_test?authSource=admin',
      );
    });
  });
});
