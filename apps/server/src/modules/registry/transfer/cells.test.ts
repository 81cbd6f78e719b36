import { describe, expect, it } from 'vitest';
import { POVERTY_CAUSES } from '@fupin/domain';
import { escapeFormula, parseDate, parseEnumList, parseMoney, parseYearMonth, rawCell } from './cells.js';

describe('spreadsheet cells', () => {
  it('escapes text Excel would run as a formula, and reads the escaped text back', () => {
    for (const t of ['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\rx']) {
      expect(escapeFormula(t)).toBe(`'${t}`);
      expect(rawCell(escapeFormula(t)).text).toBe(t.trim());
    }
    expect(escapeFormula('张三')).toBe('张三');
    expect(rawCell("'quoted").text).toBe("'quoted");
  });

  it('reads amounts, refusing text, negatives and fractions of a fen', () => {
    expect(parseMoney('4,000.50')).toEqual({ ok: true, value: 4000.5 });
    expect(parseMoney('１２００元')).toEqual({ ok: true, value: 1200 });
    expect(parseMoney('四千')).toMatchObject({ ok: false, code: 'import.cell.number' });
    expect(parseMoney('-5')).toMatchObject({ ok: false, code: 'income.amount.invalid' });
    expect(parseMoney('1.005')).toMatchObject({ ok: false, code: 'income.amount.precision' });
  });

  it('reads the date spellings clerks use, and Excel serial numbers', () => {
    for (const t of ['1970-03-05', '1970/3/5', '1970.3.5', '19700305', '1970年3月5日']) {
      expect(parseDate({ text: t, numeric: false })).toEqual({ ok: true, value: '1970-03-05' });
    }
    expect(parseDate({ text: '25267', numeric: true })).toEqual({ ok: true, value: '1969-03-05' });
    expect(parseDate({ text: '1970-02-30', numeric: false }).ok).toBe(false);
    expect(parseYearMonth({ text: '2015年3月', numeric: false })).toEqual({ ok: true, value: '2015-03' });
    expect(parseYearMonth({ text: '201513', numeric: false }).ok).toBe(false);
  });

  it('splits other causes on the usual separators and names a wrong one', () => {
    expect(parseEnumList('缺资金、缺技术', POVERTY_CAUSES)).toEqual({ ok: true, value: ['缺资金', '缺技术'] });
    expect(parseEnumList('缺资金,没钱', POVERTY_CAUSES)).toMatchObject({
      ok: false,
      code: 'import.cell.enum',
      params: { value: '没钱' },
    });
  });
});
