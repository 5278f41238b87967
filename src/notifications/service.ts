import type { Mailer } from '../core/mail';

export interface NotificationInput {
  /** Recipients: user ids. */
  to: string[];
  /** What happened, e.g. 'milestone.submitted'; its texts are `notifications.kinds.<kind>.{title,body}`. */
  kind: string;
  /** Values for the texts' placeholders (startup name, milestone title…). */
  params?: Record<string, string | number>;
  /** Where the notification leads (a local path). */
  link: string;
}

/**
 * Creates one in-app notification per recipient (each in their language) and mails it when SMTP is
 * configured. The shared mechanism every feature uses for its events.
 * STUB: the notifications feature implements it, keeping this signature.
 */
export async function notify(_input: NotificationInput, _mailer?: Mailer): Promise<void> {
  return;
}
