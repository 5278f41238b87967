import Joi from 'joi';
import { page } from '../core/http/schemas';

/** The inbox's tabs: new (sent, not opened), awaiting an answer, overdue, closed (or withdrawn); none: all. */
export const INBOX_TABS = ['new', 'awaiting', 'overdue', 'closed'] as const;
export type InboxTab = (typeof INBOX_TABS)[number];

export interface InboxQuery {
  tab: InboxTab | '';
  page: number;
}
export const inboxQuery = Joi.object<InboxQuery>({ tab: Joi.string().valid(...INBOX_TABS, '').default(''), page });

export interface DeclineInput {
  reason: string;
}
export const declineSchema = Joi.object<DeclineInput>({
  reason: Joi.string().trim().min(1).max(2000).required().messages({ 'string.empty': 'referrals.errors.reasonRequired', 'any.required': 'referrals.errors.reasonRequired' }),
});

export interface CommentInput {
  text: string;
}
export const commentSchema = Joi.object<CommentInput>({
  text: Joi.string().trim().min(1).max(4000).required().messages({ 'string.empty': 'referrals.errors.commentRequired', 'any.required': 'referrals.errors.commentRequired' }),
});
