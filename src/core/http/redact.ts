/**
 * A request's URL as logs may keep it: the secret of a calendar feed address is replaced, so that
 * no log line holds a working address.
 */
export function redactSecrets(url: string | undefined): string {
  return (url ?? '').replace(/^\/calendar\/[^/?#]+\.ics/, '/calendar/[secret].ics');
}
