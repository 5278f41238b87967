import Joi from 'joi';
import { email, line, password } from '../core/http/schemas';

export const loginSchema = Joi.object({
  email: Joi.string().trim().max(254).required(),
  password: password.required(),
  next: Joi.string().max(500).allow(''),
});

export const preferencesSchema = Joi.object({
  name: line(120).required(),
  locale: Joi.string().valid('fr', 'en').required(),
});

// Length rules live in passwordProblem(); the schema only caps the size and asks for a match.
const newPassword = password.required();

export const changePasswordSchema = Joi.object({
  currentPassword: password.required(),
  newPassword,
  confirmPassword: Joi.any().valid(Joi.ref('newPassword')).required().messages({ 'any.only': 'account.passwordsDiffer' }),
});

export const setPasswordSchema = Joi.object({
  newPassword,
  confirmPassword: Joi.any().valid(Joi.ref('newPassword')).required().messages({ 'any.only': 'account.passwordsDiffer' }),
});

export const localeSchema = Joi.object({
  locale: Joi.string().valid('fr', 'en').required(),
  returnTo: Joi.string().max(500).allow(''),
});

/** "Forgot password": the address of the account. */
export const forgotSchema = Joi.object<{ email: string }>({
  email: email.required(),
});
