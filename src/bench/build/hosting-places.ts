import { Types } from 'mongoose';
import { addDays, today } from '../../hosting/days';
import type { SpaceKind } from '../../hosting/model';
import { REQUIREMENTS, type RequirementKey } from '../../seed/hosting-data';
import type { Random } from '../random';
import type { Plan } from './plan';

/**
 * The hosting places of a dataset: sites run by the incubator partner (when the dataset has one),
 * alternately office sites (desks, offices, a meeting room) and lab sites (L1 and L2 benches, cold
 * rooms, a few offices), their spaces with capacities and prices as incubators charge them, and the
 * safety requirements of the labs (the seed's three).
 */
export interface RequirementRec {
  _id: Types.ObjectId;
  key: RequirementKey;
  name: string;
  kind: 'training' | 'document';
  validityMonths: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SiteRec {
  _id: Types.ObjectId;
  name: string;
  address: string;
  operator?: Types.ObjectId;
  accessNotes: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SpaceRec {
  _id: Types.ObjectId;
  site: Types.ObjectId;
  name: string;
  kind: SpaceKind;
  capacity: number;
  areaM2: number;
  pricePerSeat: number;
  openedOn: string;
  requirements: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Places {
  requirements: RequirementRec[];
  sites: SiteRec[];
  spaces: SpaceRec[];
}

const SITE_NAMES = [
  { name: 'Pépinière Santé Gerland (bench)', address: '12 rue de la Santé, 69007 Lyon' },
  { name: 'BioParc Évry (bench)', address: '3 allée des Biotechnologies, 91000 Évry-Courcouronnes' },
  { name: 'Hôtel d’entreprises Santé Nord (bench)', address: '40 avenue Pasteur, 59000 Lille' },
  { name: 'Plateau Biotech Sud (bench)', address: '8 rue des Chercheurs, 31400 Toulouse' },
  { name: 'Cité de l’innovation médicale (bench)', address: '21 quai des Sciences, 44200 Nantes' },
  { name: 'Campus Biolab Est (bench)', address: '5 rue de l’Hôpital, 67000 Strasbourg' },
];

/** What each kind of site holds, in the order its spaces are made (repeated when it holds more). */
const OFFICE_SITE: SpaceKind[] = ['desk', 'office', 'office', 'meeting_room', 'office', 'desk', 'office', 'office', 'office', 'office', 'desk', 'office'];
const LAB_SITE: SpaceKind[] = ['lab_l1', 'lab_l2', 'cold_room', 'office', 'lab_l1', 'lab_l2', 'desk', 'lab_l1', 'lab_l2', 'cold_room', 'office', 'meeting_room'];

/** Capacity (seats), price per seat and month (euros excl. VAT, in steps of 10), m² per seat. */
const SHAPE: Record<SpaceKind, { seats: [number, number]; price: [number, number]; m2: number }> = {
  desk: { seats: [8, 16], price: [230, 270], m2: 7 },
  office: { seats: [2, 8], price: [350, 420], m2: 5 },
  lab_l1: { seats: [2, 6], price: [560, 640], m2: 9 },
  lab_l2: { seats: [2, 4], price: [860, 940], m2: 11 },
  cold_room: { seats: [4, 8], price: [80, 120], m2: 2 },
  meeting_room: { seats: [8, 14], price: [40, 80], m2: 2.5 },
};

/** The requirements of a space, by kind: lab benches need the insurance and the prevention plan, L2 the training too. */
export const REQUIRED: Record<SpaceKind, RequirementKey[]> = { lab_l1: ['rc', 'plan'], lab_l2: ['l2', 'rc', 'plan'], desk: [], office: [], cold_room: [], meeting_room: [] };

const ROOM_NAMES = ['Pasteur', 'Curie', 'Bernard', 'Laennec', 'Fleming', 'Jenner'];

function spaceName(kind: SpaceKind, site: number, n: number): string {
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  switch (kind) {
    case 'desk':
      return `Open space ${letter}`;
    case 'office':
      return `Bureau ${site + 1}${String(n).padStart(2, '0')}`;
    case 'lab_l1':
      return `Paillasse L1 – ${letter}`;
    case 'lab_l2':
      return `Paillasse L2 – ${letter}`;
    case 'cold_room':
      return `Chambre froide ${n}`;
    default:
      return `Salle de réunion ${ROOM_NAMES[(n - 1) % ROOM_NAMES.length]}`;
  }
}

export function hostingPlaces(rnd: Random, plan: Plan): Places {
  const { spec } = plan;
  const out: Places = { requirements: [], sites: [], spaces: [] };
  if (spec.hostingSites === 0) return out;
  const t = today(plan.now);
  const periodStart = addDays(t, -365 * spec.years);
  const first = new Date(`${periodStart}T08:00:00Z`);
  out.requirements = REQUIREMENTS.map((r) => ({ _id: new Types.ObjectId(), ...r, createdAt: first, updatedAt: first }));
  const requirementIds = new Map(out.requirements.map((r) => [r.key, r._id]));
  const operator = plan.organisations.find((o) => o.kind === 'incubator_hosting')?._id;
  const perSite = Array.from({ length: spec.hostingSites }, (_, i) => Math.floor(spec.hostingSpaces / spec.hostingSites) + (i < spec.hostingSpaces % spec.hostingSites ? 1 : 0));
  perSite.forEach((count, i) => {
    // The first two sites were there before the period; later ones opened during it.
    const openedOn = i < 2 ? addDays(periodStart, -200) : addDays(periodStart, Math.round(((365 * spec.years) * i) / (spec.hostingSites + 1)));
    const created = new Date(`${openedOn}T08:00:00Z`);
    const names = SITE_NAMES[i % SITE_NAMES.length];
    const site: SiteRec = { _id: new Types.ObjectId(), name: names.name, address: names.address, operator, accessNotes: 'Badge à retirer à l’accueil (8 h – 19 h).', createdAt: created, updatedAt: created };
    out.sites.push(site);
    const kinds = i % 2 === 0 ? OFFICE_SITE : LAB_SITE;
    const numbers = new Map<SpaceKind, number>();
    for (let k = 0; k < count; k += 1) {
      const kind = kinds[k % kinds.length];
      const n = (numbers.get(kind) ?? 0) + 1;
      numbers.set(kind, n);
      const shape = SHAPE[kind];
      const capacity = rnd.int(...shape.seats);
      // A few spaces were fitted out later than their site opened.
      const opened = k >= kinds.length / 2 && rnd.chance(0.3) ? addDays(openedOn, rnd.int(30, 365)) : openedOn;
      out.spaces.push({
        _id: new Types.ObjectId(),
        site: site._id,
        name: spaceName(kind, i, n),
        kind,
        capacity,
        areaM2: Math.round(capacity * shape.m2 + rnd.int(0, 6)),
        pricePerSeat: 10 * rnd.int(shape.price[0] / 10, shape.price[1] / 10),
        openedOn: opened < t ? opened : t,
        requirements: REQUIRED[kind].flatMap((key) => requirementIds.get(key) ?? []),
        createdAt: created,
        updatedAt: created,
      });
    }
  });
  return out;
}
