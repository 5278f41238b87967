import Joi from 'joi';
import { line, text, version } from '../core/http/schemas';

/** A stage key in a URL: the shape the model allows, nothing else reaches a query. */
export const STAGE_KEY = /^[a-z][a-z0-9_]{0,59}$/;

/** The programme's name and description. */
export const programmeSchema = Joi.object<ProgrammeInput>({
  name: line(120).required(),
  description: text(4000).allow('').default(''),
  version,
});
export type ProgrammeInput = { name: string; description: string; version: number };

/** Form fields of the gates: `gate_<axis key>` = '' (no gate) or a level 1–9. */
export const GATE_PREFIX = 'gate_';
const GATE_MESSAGE = 'programmes.stage.gateLevel';
const gateField = Joi.number()
  .integer()
  .min(1)
  .max(9)
  .empty('')
  .messages({ 'number.base': GATE_MESSAGE, 'number.integer': GATE_MESSAGE, 'number.min': GATE_MESSAGE, 'number.max': GATE_MESSAGE, 'number.infinity': GATE_MESSAGE });

const stageFields = {
  labelFr: line(120).required(),
  labelEn: line(120).required(),
  criteriaFr: text(2000).allow('').default(''),
  criteriaEn: text(2000).allow('').default(''),
  version,
};

/** Add or edit a stage; the gates are read from the `gate_*` fields (the axes are the programme's). */
export const stageSchema = Joi.object<StageInput>({
  ...stageFields,
  /** Add form only: the key of the stage to insert after, '' = at the start, absent/'_end' = at the end. */
  after: Joi.string().allow('').pattern(/^(_end|[a-z][a-z0-9_]{0,59})$/).default('_end'),
})
  .pattern(new RegExp(`^${GATE_PREFIX}[a-z][a-z0-9_]{0,59}$`), gateField);
export type StageInput = {
  labelFr: string;
  labelEn: string;
  criteriaFr: string;
  criteriaEn: string;
  after: string;
  version: number;
  [gate: `gate_${string}`]: number | undefined;
};

export const moveSchema = Joi.object<MoveInput>({ direction: Joi.string().valid('up', 'down').required(), version });
export type MoveInput = { direction: 'up' | 'down'; version: number };

export const versionOnly = Joi.object<{ version: number }>({ version });
