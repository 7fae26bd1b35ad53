import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fold } from '../../src/modules/catalogue/domain/fold.ts';
import { resultNames, reusableComponents } from '../../src/modules/records/domain/reuse.ts';
import type { EarlierResult } from '../../src/modules/records/domain/reuse.ts';

const earlier = (recordCode: string, resultDocument: string): EarlierResult => ({ recordCode, unitId: 1, resultDocument, returnedAt: null });

describe('reusing earlier digital results at intake', () => {
  it('names a result without its KQ code, one name per paper', () => {
    assert.deepEqual(resultNames('Giấy khai sinh [KQ.G15.000031]; Trích lục khai sinh (bản sao)', fold), ['giay khai sinh', 'trich luc khai sinh ban sao']);
  });

  it('ignores generic names that would match papers of every kind', () => {
    assert.deepEqual(resultNames('Giấy xác nhận [KQ.G04.000061]', fold), []);
    assert.deepEqual(resultNames('Quyết định', fold), []);
  });

  it('matches a component that is the earlier result, ignoring case, diacritics and a leading "bản sao"', () => {
    const components = [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu (1 bản chính)' },
      { name: 'Giấy chứng nhận kết hôn nếu cha, mẹ đã đăng ký kết hôn (1 bản sao)' },
      { name: 'Bản sao giấy khai sinh của người con (1 bản sao)' },
    ];
    const marriage = earlier('X-261101-0001', 'Giấy chứng nhận kết hôn [KQ.G15.000032]');
    const birth = earlier('X-261102-0002', 'Giấy khai sinh [KQ.G15.000031]');
    const found = reusableComponents(components, [marriage, birth], fold);
    assert.deepEqual([...found.keys()], [2, 3]);
    assert.deepEqual(found.get(2), [marriage]);
    assert.deepEqual(found.get(3), [birth]);
  });

  it('does not take an application form that mentions the result for the result itself', () => {
    const components = [{ name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (1 bản chính)' }];
    const found = reusableComponents(components, [earlier('X-1', 'Giấy xác nhận tình trạng hôn nhân [KQ.G15.000040]')], fold);
    assert.equal(found.size, 0);
  });

  it('needs the whole name, ending at a word boundary', () => {
    const found = reusableComponents([{ name: 'Giấy khai sinhx' }, { name: 'Giấy khai sinh, bản sao' }], [earlier('X-2', 'Giấy khai sinh')], fold);
    assert.deepEqual([...found.keys()], [2]);
  });
});
