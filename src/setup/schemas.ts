import Joi from 'joi';
import { email } from '../core/http/schemas';
import { PASSWORD_MAX } from '../core/auth/password';

export const setupSchema = Joi.object({
  programmeName: Joi.string().trim().min(2).max(120).required(),
  name: Joi.string().trim().min(1).max(120).required(),
  email: email.required(),
  newPassword: Joi.string().max(PASSWORD_MAX * 4).required(),
  confirmPassword: Joi.any().valid(Joi.ref('newPassword')).required().messages({ 'any.only': 'account.passwordsDiffer' }),
  locale: Joi.string().valid('fr', 'en').default('fr'),
});
export interface SetupInput {
  programmeName: string;
  name: string;
  email: string;
  newPassword: string;
  locale: 'fr' | 'en';
}
