import { Schema, model, type InferSchemaType } from 'mongoose';

/** One-time set-password link: only the sha256 of the token is stored. */
const passwordTokenSchema = new Schema(
  {
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    purpose: { type: String, enum: ['invite', 'reset'], required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { timestamps: true },
);

export type PasswordTokenFields = InferSchemaType<typeof passwordTokenSchema>;
export const PasswordToken = model('PasswordToken', passwordTokenSchema);
