import { Schema, model } from 'mongoose';

/** Small named flags; `_id: 'setup'` is the lock that lets only one first-run setup succeed. */
const settingSchema = new Schema(
  {
    _id: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
  },
  { timestamps: true },
);

export const Setting = model('Setting', settingSchema);
