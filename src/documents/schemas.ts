import Joi from 'joi';
import { day, line, page, searchText } from '../core/http/schemas';
import { DOCUMENT_KINDS, type DocumentKind } from './model';

/** The upload form's fields (the file itself comes from multer). */
export const uploadSchema = Joi.object<UploadInput>({
  title: line(200).required(),
  kind: Joi.string().valid(...DOCUMENT_KINDS).required(),
  confidential: Joi.boolean().truthy('on', '1').falsy('', '0').default(false),
  expiresAt: day({ min: '2000-01-01' }).empty(''),
});
export type UploadInput = { title: string; kind: DocumentKind; confidential: boolean; expiresAt?: Date };

export const listQuery = Joi.object<ListQuery>({
  q: searchText,
  kind: Joi.string().valid(...DOCUMENT_KINDS, '').default(''),
  page,
});
export type ListQuery = { q: string; kind: DocumentKind | ''; page: number };

/** The list of expiring documents: one title (as the home groups them) or all. */
export const expiringQuery = Joi.object<{ title: string }>({ title: line(200).allow('').default('') });
