// npm start: the compiled app (dist/server.js) run by node, built first when dist/ is missing or older
// than the sources (so `npm install && npm start` works on a fresh clone in one step). In production run
// `node --enable-source-maps --max-old-space-size=512 dist/server.js` after `npm run build` (README, "Running in production").
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ensureBuilt } from './build.mjs';

try {
  ensureBuilt();
} catch (err) {
  process.stderr.write(`build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
// Stack traces (at LOG_LEVEL=debug) name the TypeScript lines.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(DIST, 'server.js')).href);
