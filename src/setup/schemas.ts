import Joi from 'joi';
import { email, line, password } from '../core/http/schemas';

export const setupSchema = Joi.object({
  programmeName: line(120).min(2).required(),
  name: line(120).required(),
  email: email.required(),
  newPassword: password.required(),
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
