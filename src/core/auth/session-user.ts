import type { Role } from '../policy/roles';

/** What a request carries about the signed-in user: no hash, no mutable document. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: 'fr' | 'en';
  /** Founders: the startups of their team. */
  startups: string[];
  /** Partners: their organisation. */
  organisation?: string;
  /** Unread notifications when the request began: the bell of every page (read with the user, no count). */
  unreadNotifications?: number;
}
