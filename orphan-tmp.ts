import { resolveDatabase } from './src/core/db/resolve';
resolveDatabase({ dbName: 'x', log: console.log, finders: { findMongod: () => Promise.resolve({ missing: 'test' }) } }).then((s) => {
  console.log('dataDir', s.dataDir);
  if (process.argv[2] === 'exit') process.exit(0);
  if (process.argv[2] === 'throw') throw new Error('crash');
  setInterval(() => {}, 1000);
});
