import { describe, expect, it } from 'vitest';
import { HouseholdFactory } from './household.js';
import { COLUMNS, copyStatement, REGISTRY_TABLES, RowBuffers, writeHousehold } from './rows.js';

function households(count: number): ReturnType<HouseholdFactory['next']>[] {
  const factory = new HouseholdFactory('420222', '4202', 3.03, { seed: 3, year: 2015, flawShare: 0.2 });
  return Array.from({ length: count }, (_, i) => factory.next('420222105201', i + 1));
}

describe('COPY rows', () => {
  it('write one line per row with as many fields as the COPY statement names', () => {
    const out = new RowBuffers();
    const made = households(50);
    let firstMember = 1;
    made.forEach((h, i) => {
      writeHousehold(out, h, { household: i + 1, firstMember }, 2015);
      firstMember += h.members.length;
    });
    const batch = out.take();
    expect(batch.households).toBe(50);
    const members = made.reduce((s, h) => s + h.members.length, 0);
    const registered = made.reduce((s, h) => s + h.members.filter((m) => m.registered).length, 0);
    const expectedLines = {
      households: 50,
      members,
      person_ids: registered,
      household_incomes: 50,
      household_history: 50,
    };
    for (const table of REGISTRY_TABLES) {
      const lines = (batch.chunks.get(table) ?? []).join('').split('\n').slice(0, -1);
      expect(lines).toHaveLength(expectedLines[table]);
      for (const line of lines) expect(line.split('\t')).toHaveLength(COLUMNS[table].length);
      expect(copyStatement(table)).toBe(`COPY ${table} (${COLUMNS[table].join(', ')}) FROM STDIN`);
    }
    expect(out.take().households).toBe(0);
  });

  it('escapes backslashes, tabs and newlines and writes NULL as \\N', () => {
    const [h] = households(1);
    if (h === undefined) throw new Error('no household');
    const head = h.members[0];
    if (head === undefined) throw new Error('no member');
    head.name = '张\t三\\';
    head.workPlace = null;
    const out = new RowBuffers();
    writeHousehold(out, h, { household: 1, firstMember: 1 }, 2015);
    const [line] = (out.take().chunks.get('members') ?? []).join('').split('\n');
    const fields = line?.split('\t') ?? [];
    expect(fields[COLUMNS.members.indexOf('name')]).toBe('张\\t三\\\\');
    expect(fields[COLUMNS.members.indexOf('work_place')]).toBe('\\N');
  });
});
