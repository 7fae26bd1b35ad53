import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containsPattern, fold, queryWords } from '../../src/modules/catalogue/domain/fold.ts';

describe('folding for search', () => {
  it('drops diacritics and case, đ and Đ become d', () => {
    assert.equal(fold('Đăng ký kết hôn'), 'dang ky ket hon');
    assert.equal(fold('THỦ TỤC ĐĂNG KÝ KHAI TỬ'), 'thu tuc dang ky khai tu');
    assert.equal(fold('đ'), fold('d'));
    assert.equal(fold('Chứng thực bản sao từ bản chính'), 'chung thuc ban sao tu ban chinh');
    assert.equal(fold('Xác nhận tình trạng hôn nhân'), 'xac nhan tinh trang hon nhan');
  });

  it('treats precomposed and decomposed input alike', () => {
    const nfc = 'Hộ tịch'.normalize('NFC');
    const nfd = 'Hộ tịch'.normalize('NFD');
    assert.notEqual(nfc, nfd);
    assert.equal(fold(nfc), fold(nfd));
    assert.equal(fold(nfc), 'ho tich');
  });

  it('collapses spaces and punctuation but keeps the dots inside codes', () => {
    assert.equal(fold('  đăng   ký,\tkhai sinh.  '), 'dang ky khai sinh');
    assert.equal(fold('1.000948.H38'), '1.000948.h38');
    assert.equal(fold('...'), '');
    assert.equal(fold('%_\\'), '', 'pattern characters never reach a like pattern');
  });

  it('splits a query into distinct folded words, at most eight', () => {
    assert.deepEqual(queryWords('Đăng ký  đăng ký kết hôn'), ['dang', 'ky', 'ket', 'hon']);
    assert.deepEqual(queryWords('   '), []);
    assert.equal(queryWords('a b c d e f g h i j k').length, 8);
  });

  it('escapes like patterns', () => {
    assert.equal(containsPattern('ket'), '%ket%');
    assert.equal(containsPattern('a%b_c\\'), '%a\\%b\\_c\\\\%');
  });
});
