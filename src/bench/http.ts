import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** From sending the request to the last byte of the body. */
  ms: number;
}

/** A minimal HTTP client for one signed-in user: one keep-alive connection, the session cookie, no redirects followed. */
export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const headers: Record<string, string> = { 'accept-language': 'fr', accept: 'text/html' };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent, timeout: 120_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          for (const raw of res.headers['set-cookie'] ?? []) {
            const [pair] = raw.split(';');
            const eq = pair.indexOf('=');
            if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 120 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  get(path: string): Promise<Answer> {
    return this.request('GET', path);
  }

  /** Signs in through the login form, as a browser does (CSRF token from /login); throws unless it worked. */
  async signIn(email: string, password: string, expectName: string): Promise<void> {
    const page = await this.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (page.status !== 200 || !token) throw new Error(`GET /login answered ${page.status} without a CSRF token`);
    const res = await this.request('POST', '/login', { _csrf: token, email, password });
    if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status} (expected 303): is the dataset's password right?`);
    const home = await this.get('/');
    if (home.status !== 200 || !home.body.includes(expectName)) throw new Error(`after signing in as ${email}, GET / answered ${home.status} without the user's name`);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Polls `url` until it answers 200 (a server child starting), or fails after `timeoutMs`. */
export async function waitFor200(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the process serving ${url} exited while starting`);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.get(url, { timeout: 5000 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
      });
      if (status === 200) return;
      last = `status ${status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (${last})`);
}
