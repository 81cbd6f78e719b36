import { describe, expect, it } from 'vitest';
import {
  idCheckDigit,
  isPlaceholderIdNumber,
  isValidIdNumber,
  makeIdNumber,
  normaliseIdNumber,
  parseDisabilityCertificate,
  parseIdentityNumber,
  parseIdNumber,
  parseLegacyIdNumber,
  upgradeTo18,
} from './idNumber.js';

const asOf = '2015-08-31';

describe('idCheckDigit', () => {
  it('matches the worked examples of GB 11643-1999', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(idCheckDigit('44052418800101001')).toBe('4');
  });

  it('matches check digits computed by hand for generated numbers', () => {
    // Sum of digit × weight mod 11, looked up in 1 0 X 9 8 7 6 5 4 3 2 (computed outside the code).
    expect(idCheckDigit('42010220000229123')).toBe('9');
    expect(idCheckDigit('42282220100301011')).toBe('X');
    expect(idCheckDigit('42010219901231555')).toBe('0');
  });

  it.each([
    '420222196503121002',
    '420222196503121010',
    '420222196503121029',
    '420222196503121037',
    '420222196503121045',
    '420222196503121053',
    '420222196503121061',
    '42022219650312107X',
    '420222196503121088',
    '420222196503121096',
    '420222196503121184',
  ])('gives every one of the 11 check characters right: %s', (id) => {
    // One number per check character, computed outside the code.
    expect(idCheckDigit(id.slice(0, 17))).toBe(id.slice(17));
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idCheckDigit('1234')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('reads the standard example 11010519491231002X', () => {
    const r = parseIdNumber('11010519491231002X', { asOf });
    expect(r).toEqual({
      ok: true,
      value: {
        idNumber: '11010519491231002X',
        regionCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        sex: '女',
        age: 65,
      },
    });
  });

  it('reads a male holder from an odd 17th digit', () => {
    const r = parseIdNumber('440524188001010014', { asOf: '1990-01-01' });
    expect(r.ok && r.value.sex).toBe('男');
    expect(r.ok && r.value.age).toBe(110);
  });

  it('accepts a lower-case x and full-width characters, normalising them', () => {
    const r = parseIdNumber(' 11010519491231002x ', { asOf });
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
  });

  it('reports a wrong check digit with the right one', () => {
    expect(parseIdNumber('110105194912310021', { asOf })).toEqual({
      ok: false,
      error: 'checkDigit',
      expectedCheckDigit: 'X',
    });
  });

  it('rejects wrong lengths, letters and empty input', () => {
    expect(parseIdNumber('', { asOf })).toMatchObject({ ok: false, error: 'empty' });
    expect(parseIdNumber('11010519491231002', { asOf })).toMatchObject({ error: 'length' });
    expect(parseIdNumber('1101051949123100XX', { asOf })).toMatchObject({ error: 'format' });
    expect(parseIdNumber('11010519491231A02X', { asOf })).toMatchObject({ error: 'format' });
  });

  it('rejects an unknown province prefix', () => {
    const first17 = '90010519491231002';
    expect(parseIdNumber(first17 + idCheckDigit(first17), { asOf })).toMatchObject({
      error: 'region',
    });
  });

  it('accepts 29 February in a leap year and rejects it in a common year', () => {
    expect(parseIdNumber('420102200002291239', { asOf })).toMatchObject({
      ok: true,
      value: { birthDate: '2000-02-29', sex: '男', age: 15 },
    });
    const common = '42010219990229123';
    expect(parseIdNumber(common + idCheckDigit(common), { asOf })).toMatchObject({
      error: 'birthDate',
    });
    const century = '42010219000229123'; // 1900 is not a leap year
    expect(parseIdNumber(century + idCheckDigit(century), { asOf })).toMatchObject({
      error: 'birthDate',
    });
  });

  it('rejects impossible months and days', () => {
    for (const date of ['19901301', '19900431', '19900100']) {
      const first17 = `420102${date}555`;
      expect(parseIdNumber(first17 + idCheckDigit(first17), { asOf })).toMatchObject({
        error: 'birthDate',
      });
    }
  });

  it('rejects a birth date after asOf but accepts one on asOf', () => {
    const born = makeIdNumber('420102', '2015-09-01', 10, '女');
    expect(parseIdNumber(born, { asOf })).toMatchObject({ error: 'birthDateFuture' });
    expect(parseIdNumber(born, { asOf: '2015-09-01' })).toMatchObject({
      ok: true,
      value: { age: 0 },
    });
  });

  it('throws on a malformed asOf, a programming error', () => {
    expect(() => parseIdNumber('11010519491231002X', { asOf: '2015/08/31' })).toThrow(RangeError);
  });

  it('agrees with isValidIdNumber', () => {
    expect(isValidIdNumber('11010519491231002X', { asOf })).toBe(true);
    expect(isValidIdNumber('110105194912310020', { asOf })).toBe(false);
  });
});

describe('placeholders', () => {
  it.each([
    '999999999999999999',
    '111111111111111111',
    '99999919800101001X',
    '000000198001010011',
    '123456789012345678',
    '420102000000000011',
    '420102190001010011',
    '999999999999999',
  ])('flags %s', (id) => {
    expect(isPlaceholderIdNumber(id)).toBe(true);
  });

  it('leaves real numbers alone', () => {
    expect(isPlaceholderIdNumber('11010519491231002X')).toBe(false);
    expect(isPlaceholderIdNumber('420102199012315550')).toBe(false);
  });

  it('is reported before any other error', () => {
    expect(parseIdNumber('999999999999999999', { asOf })).toMatchObject({ error: 'placeholder' });
  });
});

describe('15-digit numbers', () => {
  it('upgrade to 18 digits with 19 inserted and a check digit', () => {
    expect(upgradeTo18('110105491231002')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(upgradeTo18('421121641015003')).toEqual({ ok: true, value: '421121196410150030' });
  });

  it('parse to the holder of the upgraded number', () => {
    expect(parseLegacyIdNumber('421121641015003', { asOf })).toMatchObject({
      ok: true,
      value: { idNumber: '421121196410150030', birthDate: '1964-10-15', sex: '男', age: 50 },
    });
  });

  it('reject bad dates, lengths and letters', () => {
    expect(upgradeTo18('421121640229003')).toMatchObject({ ok: true }); // 1964 is a leap year
    expect(upgradeTo18('421121650229003')).toMatchObject({ error: 'birthDate' });
    expect(upgradeTo18('42112164101500')).toMatchObject({ error: 'length' });
    expect(upgradeTo18('42112164101500X')).toMatchObject({ error: 'format' });
    expect(upgradeTo18('421121651301003')).toMatchObject({ error: 'birthDate' });
  });
});

describe('disability certificates', () => {
  it('read the ID, category and grade', () => {
    expect(parseDisabilityCertificate('11010519491231002X42', { asOf })).toMatchObject({
      ok: true,
      value: {
        certificateNumber: '11010519491231002X42',
        id: { birthDate: '1949-12-31', sex: '女' },
        category: '肢体残疾',
        grade: '二级',
      },
    });
  });

  it('reject a category outside 1–7 and a grade outside 1–4', () => {
    expect(parseDisabilityCertificate('11010519491231002X82', { asOf })).toMatchObject({
      error: 'category',
    });
    expect(parseDisabilityCertificate('11010519491231002X05', { asOf })).toMatchObject({
      error: 'category',
    });
    expect(parseDisabilityCertificate('11010519491231002X75', { asOf })).toMatchObject({
      error: 'grade',
    });
  });

  it('pass on errors of the embedded ID', () => {
    expect(parseDisabilityCertificate('11010519491231002142', { asOf })).toMatchObject({
      error: 'checkDigit',
      expectedCheckDigit: 'X',
    });
    expect(parseDisabilityCertificate('11010519491231002X4', { asOf })).toMatchObject({
      error: 'length',
    });
  });
});

describe('parseIdentityNumber', () => {
  it('tells the three kinds apart by length', () => {
    expect(parseIdentityNumber('11010519491231002X', { asOf })).toMatchObject({
      value: { kind: 'id' },
    });
    expect(parseIdentityNumber('110105491231002', { asOf })).toMatchObject({
      value: { kind: 'legacyId', id: { idNumber: '11010519491231002X' } },
    });
    expect(parseIdentityNumber('11010519491231002X11', { asOf })).toMatchObject({
      value: {
        kind: 'disabilityCertificate',
        certificate: { category: '视力残疾', grade: '一级' },
      },
    });
    expect(parseIdentityNumber('1101051949', { asOf })).toMatchObject({ error: 'length' });
    expect(parseIdentityNumber('   ', { asOf })).toMatchObject({ error: 'empty' });
  });
});

describe('makeIdNumber', () => {
  it('builds valid numbers whose fields read back', () => {
    const id = makeIdNumber('422822', '2010-03-01', 11, '男');
    expect(id).toBe('42282220100301011X');
    expect(parseIdNumber(id, { asOf })).toMatchObject({
      ok: true,
      value: { regionCode: '422822', birthDate: '2010-03-01', sex: '男', sequence: '011' },
    });
  });

  it('adjusts the sequence parity to the sex', () => {
    expect(makeIdNumber('420102', '1990-12-31', 555, '女').slice(14, 17)).toBe('554');
    expect(makeIdNumber('420102', '1990-12-31', 0, '男').slice(14, 17)).toBe('001');
    expect(makeIdNumber('420102', '1990-12-31', 0, '女').slice(14, 17)).toBe('000');
    for (let seq = 0; seq < 40; seq++) {
      for (const sex of ['男', '女'] as const) {
        const r = parseIdNumber(makeIdNumber('420102', '1990-12-31', seq, sex), { asOf });
        expect(r.ok && r.value.sex).toBe(sex);
      }
    }
  });

  it('refuses bad input', () => {
    expect(() => makeIdNumber('4201', '1990-12-31', 1, '男')).toThrow(RangeError);
    expect(() => makeIdNumber('420102', '1990-02-30', 1, '男')).toThrow(RangeError);
    expect(() => makeIdNumber('420102', '1990-12-31', 1000, '男')).toThrow(RangeError);
  });
});
