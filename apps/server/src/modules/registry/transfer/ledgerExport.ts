import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { chinaDate, MASKED_HEALTH, maskBankAccount, maskIdNumber, maskPhone } from '@fupin/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withScope, type ActorContext } from '../../../db/scope.js';
import { recordAudit } from '../../audit/service.js';
import { listHouseholds, type HouseholdFilter, type HouseholdPage } from '../service.js';
import { parseHouseholdKey } from '../presenter.js';
import { escapeFormula } from './cells.js';
import { COLUMNS, EXPORT_ONLY_COLUMNS, type Column, type PersonalKind } from './columns.js';
import { ledgerRows, loadLedger } from './ledger.js';

// The ledger (台账) export: the filtered household list as a workbook, one row per member, streamed
// page by page (keyset pages of listHouseholds, each in its own short transaction) so memory stays
// bounded. Personal data is masked unless the user may see it; the export is audited before the
// workbook is finished, so no complete file leaves without its audit entry.

const PAGE = 200;

export type ExportFilter = Omit<HouseholdFilter, 'limit' | 'after'>;

const MASKS: Record<PersonalKind, (v: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  bankAccount: maskBankAccount,
  health: () => MASKED_HEALTH,
};

function cellValue(c: Column, text: string, personal: boolean): string | number | null {
  if (text === '') return null;
  if (!personal && 'personal' in c) return MASKS[c.personal](text);
  if (c.kind === 'money' || c.kind === 'integer') {
    const n = Number(text);
    return Number.isFinite(n) ? n : escapeFormula(text);
  }
  return escapeFormula(text);
}

export interface LedgerExport {
  actor: ActorContext;
  scope: string;
  personal: boolean;
  filter: ExportFilter;
  regionCode: string;
  regionName: string;
  /** The first page, read before the response starts so that scope errors are still a 403. */
  first: HouseholdPage;
}

/** The first page of the export (throws OUT_OF_SCOPE for a region outside the scope). */
export function firstLedgerPage(db: Kysely<DB>, e: Omit<LedgerExport, 'first'>): Promise<HouseholdPage> {
  return withScope(db, e.actor, (tx) => listHouseholds(tx, e.scope, e.personal, { ...e.filter, limit: PAGE }));
}

/** Writes the ledger workbook to `out`, then audits it, then finishes the file. */
export async function writeLedger(db: Kysely<DB>, e: LedgerExport, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('贫困户台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  const extras = EXPORT_ONLY_COLUMNS;
  sheet.columns = [
    ...COLUMNS.map((c) => ({ key: c.key, width: 'width' in c ? c.width : Math.max(10, c.header.length * 2 + 2) })),
    ...extras.map((c) => ({ key: c.key, width: c.width })),
  ];
  const title = [
    `贫困户台账 · ${e.regionName}（${e.regionCode}）`,
    `导出日期 ${chinaDate(new Date())}`,
    `导出人 ${e.actor.actorName}`,
    e.personal ? '' : '个人信息已脱敏',
  ].filter(Boolean);
  const titleRow = sheet.addRow([escapeFormula(title.join(' · '))]);
  titleRow.font = { bold: true, size: 14 };
  titleRow.commit();
  const header = sheet.addRow([...COLUMNS.map((c) => c.header), ...extras.map((c) => c.header)]);
  header.font = { bold: true };
  header.commit();

  let households = 0;
  let rows = 0;
  let page = e.first;
  for (;;) {
    const refs = page.items.flatMap((i) => parseHouseholdKey(i.key) ?? []);
    const ledger = await withScope(db, e.actor, (tx) => loadLedger(tx, refs));
    for (const l of ledger) {
      households += 1;
      const perCapita = l.household.per_capita_income === null ? null : Number(l.household.per_capita_income);
      for (const texts of ledgerRows(l)) {
        const values = [
          ...COLUMNS.map((c) => cellValue(c, texts[c.key], e.personal)),
          escapeFormula(l.villageName),
          l.household.status,
          perCapita,
        ];
        sheet.addRow(values).commit();
        rows += 1;
      }
    }
    if (!page.next) break;
    const after = page.next;
    page = await withScope(db, e.actor, (tx) =>
      listHouseholds(tx, e.scope, e.personal, { ...e.filter, limit: PAGE, after }),
    );
  }
  sheet.commit();
  await withScope(db, e.actor, (tx) =>
    recordAudit(tx, {
      action: 'household.export',
      entity: 'household',
      entityId: null,
      regionCode: e.regionCode,
      after: { filter: e.filter, households, rows, personal: e.personal },
    }),
  );
  await workbook.commit();
}
