import { Schema, model, type InferSchemaType } from 'mongoose';

/** What mentors are expert in (the directory's filter, the suggestions' match with readiness axes). */
export const EXPERTISE = ['regulatory', 'clinical', 'market_access', 'fundraising', 'ip', 'bioproduction', 'quality', 'go_to_market', 'digital_health', 'hr'] as const;
export type Expertise = (typeof EXPERTISE)[number];
export const LANGUAGES = ['fr', 'en', 'de', 'es', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A mentor's profile; its _id is the mentor's user id (looked up by _id alone). */
const mentorProfileSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expertise: { type: [{ type: String, enum: EXPERTISE }], default: [] },
    bio: { type: String, default: '', maxlength: 2000 },
    languages: { type: [{ type: String, enum: LANGUAGES }], default: ['fr'] },
    availability: { type: String, default: '', maxlength: 300 },
    /** How many startups at once, and hours a month. */
    capacityStartups: { type: Number, default: 3, min: 0, max: 50 },
    capacityHours: { type: Number, default: 8, min: 0, max: 200 },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type MentorProfileFields = InferSchemaType<typeof mentorProfileSchema>;
export const MentorProfile = model('MentorProfile', mentorProfileSchema);

export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** Sessions that hold their time (a cancelled one frees it). */
export const TIME_HOLDING = ['scheduled', 'completed', 'no_show'] as const;

/** A rating given once: by the founders (the session) or by the mentor (how prepared the startup was). */
const ratingSchema = new Schema({ rating: { type: Number, min: 1, max: 5, required: true }, comment: { type: String, default: '', maxlength: 2000 }, by: { type: Schema.Types.ObjectId, ref: 'User' }, byName: String, at: Date }, { _id: false });

/** One mentoring session, planned by a mentor or a manager, or booked on an office-hour slot. */
const sessionSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    mentor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    mentorName: { type: String, default: '' },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    durationMinutes: { type: Number, required: true, min: 15, max: 480 },
    place: { type: String, default: '', maxlength: 200 },
    videoLink: { type: String, default: '', maxlength: 500 },
    topic: { type: String, required: true, maxlength: 300 },
    status: { type: String, enum: SESSION_STATUSES, default: 'scheduled' },
    cancelReason: { type: String, default: '', maxlength: 1000 },
    /** Held: how long it actually lasted (the hours the programme reports). */
    actualMinutes: { type: Number, min: 0, max: 600 },
    recordedAt: { type: Date },
    /** The mentor's notes: the mentor and managers only, never founders. */
    notes: { type: String, default: '', maxlength: 10_000 },
    feedback: { type: ratingSchema, default: undefined },
    preparation: { type: ratingSchema, default: undefined },
    /** The office-hour slot it was booked on. */
    slot: { type: Schema.Types.ObjectId, ref: 'OfficeHourSlot' },
    plannedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    plannedByName: { type: String, default: '' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
sessionSchema.index({ mentor: 1, start: 1 });
sessionSchema.index({ startup: 1, start: 1 });
export type SessionFields = InferSchemaType<typeof sessionSchema>;
export const MentoringSession = model('MentoringSession', sessionSchema);

/** An office-hour slot a mentor publishes; a founder of a startup the mentor coaches books it once. */
const slotSchema = new Schema(
  {
    mentor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    mentorName: { type: String, default: '' },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    durationMinutes: { type: Number, required: true, min: 15, max: 240 },
    place: { type: String, default: '', maxlength: 200 },
    videoLink: { type: String, default: '', maxlength: 500 },
    status: { type: String, enum: ['open', 'booked', 'cancelled'], default: 'open' },
    startup: { type: Schema.Types.ObjectId, ref: 'Startup' },
    bookedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    bookedByName: { type: String },
    session: { type: Schema.Types.ObjectId, ref: 'MentoringSession' },
  },
  { timestamps: true },
);
slotSchema.index({ mentor: 1, start: 1 });
export const OfficeHourSlot = model('OfficeHourSlot', slotSchema);

/** Who does an action item: the startup's team, or its mentor (the coach). */
export const ACTION_OWNERS = ['startup', 'coach'] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];

/** Something to do after a session, for the startup's team or for the mentor. */
const actionItemSchema = new Schema(
  {
    session: { type: Schema.Types.ObjectId, ref: 'MentoringSession', required: true },
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    mentor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    text: { type: String, required: true, maxlength: 500 },
    owner: { type: String, enum: ACTION_OWNERS, required: true },
    due: { type: Date },
    done: { type: Boolean, default: false },
    doneAt: { type: Date },
    doneByName: { type: String },
    /** When its owners were told it is due tomorrow (once). */
    remindedAt: { type: Date },
  },
  { timestamps: true },
);
actionItemSchema.index({ startup: 1, done: 1 });
actionItemSchema.index({ mentor: 1, done: 1 });
export const ActionItem = model('ActionItem', actionItemSchema);

/** A calendar feed's secret: stored hashed under _id (the feed looks it up by _id); one per user. */
const calendarFeedSchema = new Schema({ _id: { type: String, required: true }, user: { type: Schema.Types.ObjectId, ref: 'User', required: true, unique: true }, createdAt: { type: Date, default: () => new Date() } }, { versionKey: false });
export const CalendarFeed = model('CalendarFeed', calendarFeedSchema);
