import Joi from 'joi';
import { PASSWORD_MAX } from '../core/auth/password';

export const loginSchema = Joi.object({
  email: Joi.string().trim().max(254).required(),
  password: Joi.string().max(1024).required(),
  next: Joi.string().max(500).allow(''),
});

export const preferencesSchema = Joi.object({
  name: Joi.string().trim().min(1).max(120).required(),
  locale: Joi.string().valid('fr', 'en').required(),
});

// Length rules live in passwordProblem(); the schema only caps the size and asks for a match.
const newPassword = Joi.string().max(PASSWORD_MAX * 4).required();

export const changePasswordSchema = Joi.object({
  currentPassword: Joi.string().max(1024).required(),
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
