import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Hosting (DESIGN.md section 2: Site, Space, HostingAllocation). Days are kept as Paris calendar days
 * written YYYY-MM-DD (inclusive ranges, compared as text): an allocation from the 1st to the 10th
 * holds its seats on the 10th too.
 */

/** The kinds of space a site offers; lab benches by biosafety level. */
export const SPACE_KINDS = ['desk', 'office', 'lab_l1', 'lab_l2', 'cold_room', 'meeting_room'] as const;
export type SpaceKind = (typeof SPACE_KINDS)[number];

/** A hosting site, operated by a partner organisation (an incubator that hosts). */
const siteSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 160 },
    address: { type: String, default: '', maxlength: 500 },
    operator: { type: Schema.Types.ObjectId, ref: 'PartnerOrganisation' },
    accessNotes: { type: String, default: '', maxlength: 2000 },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type SiteFields = InferSchemaType<typeof siteSchema>;
export const Site = model('Site', siteSchema);

/**
 * Something a startup must hold to be given a space: a training or a document, valid for a number of
 * months from the day it was obtained ("Formation sécurité laboratoire L2", 12 months).
 */
const requirementSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    kind: { type: String, enum: ['training', 'document'], default: 'training' },
    validityMonths: { type: Number, required: true, min: 1, max: 240 },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type RequirementFields = InferSchemaType<typeof requirementSchema>;
export const Requirement = model('Requirement', requirementSchema);

/** A space of a site: capacity in seats, its price per seat and month (excl. VAT), what it requires. */
const spaceSchema = new Schema(
  {
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    name: { type: String, required: true, trim: true, maxlength: 160 },
    kind: { type: String, enum: SPACE_KINDS, required: true },
    capacity: { type: Number, required: true, min: 1, max: 500 },
    areaM2: { type: Number, min: 0, max: 100_000 },
    /** Euros per seat and month, excluding VAT. */
    pricePerSeat: { type: Number, required: true, min: 0, max: 1_000_000 },
    /** The first day it can be allocated (YYYY-MM-DD). */
    openedOn: { type: String, required: true },
    requirements: { type: [{ type: Schema.Types.ObjectId, ref: 'Requirement' }], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type SpaceFields = InferSchemaType<typeof spaceSchema>;
export const Space = model('Space', spaceSchema);

/**
 * A requirement met by a startup: who took the training (or which document), on which day, and
 * optionally the dossier document that proves it. It expires `validityMonths` after that day.
 */
const requirementRecordSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    requirement: { type: Schema.Types.ObjectId, ref: 'Requirement', required: true },
    person: { type: String, default: '', maxlength: 160 },
    obtainedOn: { type: String, required: true },
    /** The last day it is valid (inclusive), computed from the requirement's validity when recorded. */
    validUntil: { type: String, required: true },
    document: { type: Schema.Types.ObjectId, ref: 'DossierDocument' },
    recordedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    recordedByName: { type: String, default: '' },
  },
  { timestamps: true },
);
export type RequirementRecordFields = InferSchemaType<typeof requirementRecordSchema>;
export const RequirementRecord = model('RequirementRecord', requirementRecordSchema);

export const REQUEST_STATUSES = ['pending', 'proposed', 'approved', 'rejected', 'declined', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A founder's request for hosting: a kind of space or a given space, seats, from, to, a note. A
 * manager approves it (an allocation), rejects it with a reason, or proposes another space that the
 * founder accepts (an allocation) or declines.
 */
const requestSchema = new Schema(
  {
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    kind: { type: String, enum: SPACE_KINDS, required: true },
    space: { type: Schema.Types.ObjectId, ref: 'Space' },
    seats: { type: Number, required: true, min: 1, max: 500 },
    from: { type: String, required: true },
    to: { type: String, required: true },
    note: { type: String, default: '', maxlength: 2000 },
    status: { type: String, enum: REQUEST_STATUSES, default: 'pending' },
    requestedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    requestedByName: { type: String, default: '' },
    /** The manager's answer: the reason of a rejection, the space and price of a proposal. */
    reason: { type: String, default: '', maxlength: 2000 },
    proposal: { space: { type: Schema.Types.ObjectId, ref: 'Space' }, pricePerSeat: Number },
    decidedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    decidedByName: { type: String, default: '' },
    decidedAt: Date,
    allocation: { type: Schema.Types.ObjectId, ref: 'HostingAllocation' },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type RequestFields = InferSchemaType<typeof requestSchema>;
export const HostingRequest = model('HostingRequest', requestSchema);

/** A change of an allocation's end (ended early, extended), with its reason. */
const changeSchema = new Schema({ to: String, previousTo: String, reason: String, by: { type: Schema.Types.ObjectId, ref: 'User' }, byName: String, at: Date }, { _id: false });

/**
 * Seats of a space given to a startup from one day to another (inclusive), at a price per seat and
 * month. Its status follows the dates: approved before `from`, active until `to`, ended after.
 */
const allocationSchema = new Schema(
  {
    space: { type: Schema.Types.ObjectId, ref: 'Space', required: true },
    site: { type: Schema.Types.ObjectId, ref: 'Site', required: true },
    startup: { type: Schema.Types.ObjectId, ref: 'Startup', required: true },
    seats: { type: Number, required: true, min: 1, max: 500 },
    from: { type: String, required: true },
    to: { type: String, required: true },
    pricePerSeat: { type: Number, required: true, min: 0 },
    request: { type: Schema.Types.ObjectId, ref: 'HostingRequest' },
    approvedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    approvedByName: { type: String, default: '' },
    changes: { type: [changeSchema], default: [] },
  },
  { timestamps: true, optimisticConcurrency: true },
);
export type AllocationFields = InferSchemaType<typeof allocationSchema>;
export const HostingAllocation = model('HostingAllocation', allocationSchema);
