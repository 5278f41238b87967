import { expect } from 'chai';
import { sortSpec } from '../../src/core/http/paginate';

describe('sortSpec', () => {
  it('breaks ties on _id in the direction of the sort (newest first stays newest first within a millisecond)', () => {
    expect(sortSpec('name')).to.deep.equal({ name: 1, _id: 1 });
    expect(sortSpec('-createdAt')).to.deep.equal({ createdAt: -1, _id: -1 });
  });
});
