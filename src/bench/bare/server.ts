import path from 'node:path';
import express from 'express';
import { engine } from 'express-handlebars';

/**
 * The yardstick of the throughput runs: a bare Express + express-handlebars page rendering a table of
 * 20 rows in a layout like the app's, with no database, session or middleware. The app's throughput is
 * reported as a share of this one, measured in the same run on the same machine.
 */
const ROWS = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  name: `Startup ${i + 1}`,
  cohort: `Boost 2026 – printemps`,
  stage: ['Idéation', 'Preuve de concept', 'Développement', 'Validation'][i % 4],
  status: i % 5 === 0 ? 'alumni' : 'active',
  updatedAt: new Date(Date.UTC(2026, 0, 1 + i)).toLocaleDateString('fr-FR'),
}));

const app = express();
const views = path.join(__dirname, 'views');
app.engine('hbs', engine({ extname: '.hbs', defaultLayout: 'main', layoutsDir: path.join(views, 'layouts') }));
app.set('view engine', 'hbs');
app.set('views', views);
app.disable('x-powered-by');
app.get('/', (_req, res) => res.render('table', { title: 'Startups', rows: ROWS }));

const port = Number(process.env.PORT ?? 0);
const server = app.listen(port, '127.0.0.1');
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
