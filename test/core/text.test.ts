import { expect } from 'chai';
import Joi from 'joi';
import { cleanText } from '../../src/core/text';
import { SEARCH_MAX, day, isSearchCut, line, searchText, text } from '../../src/core/http/schemas';
import { validate } from '../../src/core/http/validate';
import { ValidationFailed } from '../../src/core/errors';

/** The one text normalisation (src/core/text.ts) and the shared rules built on it (src/core/http/schemas.ts). */
describe('text normalisation and the shared form rules', () => {
  describe('cleanText', () => {
    it('leaves nothing of a name made only of invisible characters', () => {
      for (const invisible of ['\u200B', '\u200B\u200B \u00A0', '\u200D', '\uFEFF', '\u2060', '\u00AD', '\u202E', ' \t\n', '\u0301']) {
        expect(cleanText(invisible), JSON.stringify(invisible)).to.equal('');
      }
    });

    it('removes bidirectional overrides, so a name is not shown reversed', () => {
      expect(cleanText('\u202Eabc\u202C')).to.equal('abc');
      expect(cleanText('Cardio\u2067Sense\u2069')).to.equal('CardioSense');
      expect(cleanText('A\u200Fb\u200E')).to.equal('Ab');
    });

    it('removes control characters (NUL, escape, C1) but keeps letters of every language', () => {
      expect(cleanText('Neuro\u0000Lab\u001B\u0085')).to.equal('NeuroLab');
      expect(cleanText('Ærø Médical – 東京 👩‍⚕️')).to.equal('Ærø Médical – 東京 👩‍⚕️');
    });

    it('turns a line break of a one-line field into a space, and collapses runs of spaces', () => {
      expect(cleanText('  Cardio\nSense  ')).to.equal('Cardio Sense');
      expect(cleanText('Cardio \r\n\t  Sense')).to.equal('Cardio Sense');
      expect(cleanText('Santenov\u00A0Boost')).to.equal('Santenov\u00A0Boost');
    });

    it('keeps the line breaks of multi-line text, trimmed, with no more than one blank line', () => {
      expect(cleanText('  first\r\nsecond  \n\n\n\nthird\u0000 ', { multiline: true })).to.equal('first\nsecond\n\nthird');
    });

    it('composes accents (NFC): "é" typed as e + accent is the same text as "é"', () => {
      expect(cleanText('Me\u0301dical')).to.equal('Médical');
      expect(cleanText('Me\u0301dical').length).to.equal(7);
    });
  });

  describe('line() and text() in a schema', () => {
    const schema = Joi.object({ name: line(11).required(), notes: text(20).allow('').default('') });

    it('refuses as empty a required value that is empty once cleaned', () => {
      try {
        validate(schema, { name: '\u200B\u202E' });
        expect.fail('accepted an invisible name');
      } catch (err) {
        expect(err).to.be.instanceOf(ValidationFailed);
        expect((err as ValidationFailed).fields.name.key).to.equal('validation.required');
      }
    });

    it('counts the length of the cleaned value and hands the service the cleaned value', () => {
      expect(validate(schema, { name: '\u200B  CardioSense \u0000', notes: 'a\r\nb' })).to.deep.equal({ name: 'CardioSense', notes: 'a\nb' });
      expect(() => validate(schema, { name: 'CardioSense+' })).to.throw(ValidationFailed);
    });
  });

  describe('day(): the one date rule', () => {
    const schema = Joi.object({
      founded: day({ min: '1900-01-01', notFuture: true }).empty(''),
      start: day().required(),
      end: day({ after: 'start' }).required(),
    });
    const errorOf = (input: Record<string, string>, field: string): string | undefined => {
      try {
        validate(schema, { start: '2026-01-10', end: '2026-02-10', ...input });
        return undefined;
      } catch (err) {
        return (err as ValidationFailed).fields[field]?.key;
      }
    };

    it('refuses impossible days instead of rolling them over', () => {
      for (const bad of ['2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '31/12/2026', '2026-1-5', 'demain']) {
        expect(errorOf({ founded: bad }, 'founded'), bad).to.equal('validation.date');
      }
      expect(errorOf({ founded: '2024-02-29' }, 'founded'), 'a real leap day').to.equal(undefined);
    });

    it('refuses years out of range (year 0001) and the future where asked', () => {
      expect(errorOf({ founded: '0001-01-01' }, 'founded')).to.equal('validation.dateRange');
      expect(errorOf({ founded: '2999-01-01' }, 'founded')).to.equal('validation.dateFuture');
      expect(errorOf({ start: '2101-01-01', end: '2101-02-01' }, 'start')).to.equal('validation.dateRange');
    });

    it('compares with another field, whichever was read first', () => {
      expect(errorOf({ end: '2026-01-10' }, 'end')).to.equal('validation.dateAfter');
      expect(errorOf({ end: '2025-12-31' }, 'end')).to.equal('validation.dateAfter');
    });

    it('hands the service the UTC midnight of the day typed', () => {
      const value = validate(schema, { founded: '2019-06-15', start: '2026-01-10', end: '2026-02-10' }) as Record<string, Date>;
      expect(value.founded.toISOString()).to.equal('2019-06-15T00:00:00.000Z');
    });
  });

  describe('searchText', () => {
    it('searches the first SEARCH_MAX characters of a longer search, cleaned, and says it was cut', () => {
      const long = `${'a'.repeat(SEARCH_MAX)}zzz`;
      expect(Joi.attempt(long, searchText)).to.equal('a'.repeat(SEARCH_MAX));
      expect(isSearchCut(long)).to.equal(true);
      expect(isSearchCut('a'.repeat(SEARCH_MAX))).to.equal(false);
      expect(isSearchCut(`\u200B${'a'.repeat(SEARCH_MAX)}\u200B`), 'invisible characters do not count').to.equal(false);
      expect(Joi.attempt(' cardio\u0000 ', searchText)).to.equal('cardio');
    });
  });
});
