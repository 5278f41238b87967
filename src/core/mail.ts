import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from './config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Sends through SMTP when configured; otherwise writes the mail to the log (development, offline). */
export function createMailer(config: Config, logger: Logger): Mailer {
  const smtp = config.smtp;
  if (!smtp) {
    return {
      async send(message) {
        logger.info({ mail: { to: message.to, subject: message.subject, text: message.text } }, 'mail (no SMTP configured: written to the log)');
      },
    };
  }
  const transport: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass } : undefined,
    // A mail server that does not answer must not hold a request for minutes (nodemailer's defaults).
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    dnsTimeout: smtp.timeoutMs,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: smtp.from, ...message });
      logger.info({ mail: { to: message.to, subject: message.subject } }, 'mail sent');
    },
  };
}
