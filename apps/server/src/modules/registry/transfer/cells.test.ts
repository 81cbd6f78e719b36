import { describe, expect, it } from 'vitest';
import { EDUCATION_LEVELS, POVERTY_CAUSES } from '@fupin/domain';
import {
  escapeFormula,
  parseBool,
  parseDate,
  parseEnum,
  parseEnumList,
  parseInteger,
  parseMoney,
  parseYearMonth,
  rawCell,
} from './cells.js';

describe('spreadsheet cells', () => {
  it('escapes text Excel would run as a formula, and reads the escaped text back', () => {
    for (const t of ['=SUM(A1)', '+1', '-2', '@cmd', '\tx', '\rx']) {
      expect(escapeFormula(t)).toBe(`'${t}`);
      expect(rawCell(escapeFormula(t)).text).toBe(t.trim());
    }
    expect(escapeFormula('张三')).toBe('张三');
    expect(rawCell("'quoted").text).toBe("'quoted");
  });

  it('trims every kind of space a cell can start or end with, as String.prototype.trim does', () => {
    const spaces = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029'];
    spaces.push('\u202f', '\u205f', '\u3000', '\ufeff');
    for (const s of spaces) {
      for (const t of ['张三', 'x', '420102', '张 三']) {
        expect(rawCell(`${s}${t}`).text).toBe(t);
        expect(rawCell(`${t}${s}`).text).toBe(t);
      }
      expect(rawCell(`${s}'=SUM(A1)${s}`).text).toBe('=SUM(A1)');
    }
    // Text that needs neither is kept as it is, whatever its first and last characters.
    for (const t of ['张三', '𠀀家', 'a', '~', '＝', '"quoted"', '42010219700305001X', '是']) {
      expect(rawCell(t)).toEqual({ text: t, numeric: false });
    }
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

  it('reads an enumeration value as stored, forgiving full-width letters and spaces, and names a wrong one', () => {
    expect(parseEnum('初中', EDUCATION_LEVELS)).toEqual({ ok: true, value: '初中' });
    expect(parseEnum('本科 及以上', EDUCATION_LEVELS)).toEqual({ ok: true, value: '本科及以上' });
    expect(parseEnum('因病', POVERTY_CAUSES)).toEqual({ ok: true, value: '因病' });
    expect(parseEnum('初 中\u3000', EDUCATION_LEVELS)).toEqual({ ok: true, value: '初中' });
    expect(parseEnum('大学', EDUCATION_LEVELS)).toMatchObject({
      ok: false,
      code: 'import.cell.enum',
      params: { value: '大学' },
    });
  });

  it('reads yes and no, and whole numbers, in the spellings clerks use', () => {
    for (const t of ['是', '有', 'y', 'Yes', 'TRUE', '1', '√', 'Ｙ', ' 是 '])
      expect(parseBool(t)).toEqual({ ok: true, value: true });
    for (const t of ['否', '无', 'n', 'no', 'False', '0', '×', '０'])
      expect(parseBool(t)).toEqual({ ok: true, value: false });
    expect(parseBool('也许')).toMatchObject({ ok: false, code: 'import.cell.bool' });
    expect(parseInteger('１２', 0, 12)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('6.0', 0, 12)).toEqual({ ok: true, value: 6 });
    expect(parseInteger('1,2', 0, 20)).toEqual({ ok: true, value: 12 });
    expect(parseInteger('13', 0, 12)).toMatchObject({ ok: false, code: 'import.cell.range' });
    expect(parseInteger('六', 0, 12)).toMatchObject({ ok: false, code: 'import.cell.integer' });
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
