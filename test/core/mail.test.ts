import net from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { loadConfig } from '../../src/core/config';
import { createLogger } from '../../src/core/logger';
import { createMailer } from '../../src/core/mail';

/** Just enough of an SMTP server on loopback to receive one message. */
function fakeSmtp(): Promise<{ port: number; received: Promise<string>; close: () => void }> {
  let deliver: (data: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => (deliver = resolve));
  const server = net.createServer((socket) => {
    let inData = false;
    let data = '';
    let buffer = '';
    socket.write('220 fake.smtp ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            socket.write('250 2.0.0 queued\r\n');
            deliver(data);
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake.smtp\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.write('221 bye\r\n');
          socket.end();
        } else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, received, close: () => server.close() });
    }),
  );
}

describe('mail', () => {
  it('without SMTP settings, writes the mail to the log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const mailer = createMailer(loadConfig({}), createLogger('info', sink));
    await mailer.send({ to: 'karim@example.org', subject: 'Votre accès', text: 'Lien : http://localhost:3000/set-password/abc' });
    const entry = JSON.parse(lines.join('')) as { mail: { to: string; text: string } };
    expect(entry.mail.to).to.equal('karim@example.org');
    expect(entry.mail.text).to.contain('/set-password/abc');
  });

  it('with SMTP settings, sends through the SMTP server with nodemailer', async () => {
    const smtp = await fakeSmtp();
    try {
      const config = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), MAIL_FROM: 'Boost <boost@example.org>' });
      const mailer = createMailer(config, createLogger('silent'));
      await mailer.send({ to: 'karim@example.org', subject: 'Votre accès à Boost tracker', text: 'Bonjour Karim' });
      const data = await smtp.received;
      expect(data).to.match(/^To: karim@example\.org$/m);
      expect(data).to.match(/^From: Boost <boost@example\.org>$/m);
      expect(data).to.contain('Bonjour Karim');
    } finally {
      smtp.close();
    }
  });

  it('gives up on a mail server that accepts the connection and never answers, within SMTP_TIMEOUT_SECONDS', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const mailer = createMailer(loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_TIMEOUT_SECONDS: '1' }), createLogger('silent'));
      const started = Date.now();
      let failed: unknown;
      await mailer.send({ to: 'karim@example.org', subject: 's', text: 't' }).catch((err: unknown) => (failed = err));
      expect(failed).to.be.instanceOf(Error);
      // Without the setting nodemailer would wait 30 s for the greeting.
      expect(Date.now() - started).to.be.below(10_000);
    } finally {
      silent.close();
    }
  });
});
