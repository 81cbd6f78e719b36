import type {
  AssistanceSettings,
  HouseholdCoverage,
  HouseholdLinkKind,
  UnitKind,
  UnitLevel,
  VillageCoverage,
  VillageLinkKind,
} from '@fupin/domain';
import { request, toQuery } from './client';
import type { ItemList } from './types';

// Client of /api/assistance (apps/server/src/modules/assistance): units, cadres, leader contacts,
// work teams, first secretaries, pairings, 七联 links, coverage and bulk helper assignment.

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  regionName: string;
  phone: string | null;
  active: boolean;
}

export interface Cadre {
  id: string;
  name: string;
  phone: string | null;
  unitId: string;
  unitName: string;
  position: string | null;
  regionCode: string;
  regionName: string;
  userId: string | null;
  active: boolean;
  households: number;
}

export interface LeaderContact {
  id: string;
  cadreId: string;
  cadreName: string;
  cadrePhone: string | null;
  position: string | null;
  regionCode: string;
  regionName: string;
  role: string;
  startOn: string;
  endOn: string | null;
}

export interface WorkTeam {
  key: string;
  villageCode: string;
  villageName: string;
  name: string;
  leader: { id: string; name: string; phone: string | null } | null;
  startOn: string;
  plannedEndOn: string | null;
  status: 'active' | 'ended';
  endedOn: string | null;
  endReason: string | null;
  successorKey: string | null;
  units: { id: string; name: string; kind: UnitKind; isLead: boolean }[];
  members: {
    id: string;
    cadreId: string;
    name: string;
    phone: string | null;
    resident: boolean;
    fromOn: string;
    toOn: string | null;
  }[];
}

export interface FirstSecretary {
  key: string;
  villageCode: string;
  villageName: string;
  cadreId: string;
  cadreName: string;
  cadrePhone: string | null;
  unitName: string;
  startOn: string;
  plannedEndOn: string;
  endedOn: string | null;
  endReason: string | null;
}

export interface Pairing {
  key: string;
  householdKey: string;
  headName: string;
  villageCode: string;
  villageName: string;
  cadreId: string;
  cadreName: string;
  cadrePhone: string | null;
  unitName: string;
  startOn: string;
  endedOn: string | null;
  endReason: string | null;
}

export interface HouseholdLink {
  key: string;
  householdKey: string;
  unitId: string;
  unitName: string;
  kind: HouseholdLinkKind;
  startOn: string;
  endedOn: string | null;
}

export interface VillageLink {
  key: string;
  villageCode: string;
  villageName: string;
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  kind: VillageLinkKind;
  startOn: string;
  endedOn: string | null;
}

export interface CoverageRow {
  regionCode: string;
  regionName: string;
  villages: { poorVillages: number; workTeam: number; firstSecretary: number; unit: number; enterprise: number };
  households: { poorHouseholds: number; helper: number; bank: number; insurer: number };
}
export interface Coverage extends CoverageRow {
  children: CoverageRow[];
}

export interface VillageGap {
  villageCode: string;
  villageName: string;
  townshipName: string;
  countyName: string;
  missing: VillageCoverage[];
}
export interface HouseholdGap {
  householdKey: string;
  headName: string;
  householdNo: string;
  villageCode: string;
  villageName: string;
  townshipName: string;
  countyName: string;
  missing: HouseholdCoverage[];
}
export interface GapPage<T> {
  items: T[];
  next: string | null;
}

export interface BulkImport {
  id: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  mode: 'all' | 'good';
  status: 'queued' | 'checking' | 'applying' | 'completed' | 'rejected' | 'failed' | 'cancelled';
  regionCode: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  jobId: string | null;
  progress: { done: number; total: number | null };
  counts: { rows: number; ok: number; bad: number; unchanged: number; written: number; errors: number };
  fileError: { code: string; message: string } | null;
}

const BASE = '/api/assistance';

export const fetchAssistanceSettings = (signal?: AbortSignal) =>
  request<AssistanceSettings>('GET', `${BASE}/settings`, { signal });

export const fetchUnits = (
  q: { regionCode?: string; kind?: UnitKind; q?: string; limit?: number },
  signal?: AbortSignal,
) => request<ItemList<Unit>>('GET', `${BASE}/units${toQuery({ limit: 500, ...q })}`, { signal });
export const createUnit = (body: {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  phone?: string | null;
}) => request<Unit>('POST', `${BASE}/units`, { body });

export const fetchCadres = (
  q: { regionCode?: string; unitId?: string; q?: string; active?: boolean; limit?: number },
  signal?: AbortSignal,
) => request<ItemList<Cadre>>('GET', `${BASE}/cadres${toQuery({ limit: 200, ...q })}`, { signal });
export const createCadre = (body: {
  name: string;
  phone?: string | null;
  unitId: string;
  position?: string | null;
  regionCode: string;
}) => request<Cadre>('POST', `${BASE}/cadres`, { body });
export const rebalanceCadre = (id: string, body: { reason: string; deactivate: boolean }) =>
  request<{ moved: { householdKey: string; toCadreName: string }[] }>('POST', `${BASE}/cadres/${id}/rebalance`, {
    body,
  });

export const fetchLeaderContacts = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<LeaderContact>>('GET', `${BASE}/leader-contacts${toQuery({ regionCode, limit: 500 })}`, { signal });
export const createLeaderContact = (body: { cadreId: string; regionCode: string; role?: string; startOn?: string }) =>
  request<LeaderContact>('POST', `${BASE}/leader-contacts`, { body });
export const endLeaderContact = (id: string) =>
  request<LeaderContact>('POST', `${BASE}/leader-contacts/${id}/end`, { body: {} });

export const fetchTeams = (q: { regionCode: string; status?: 'active' | 'ended' }, signal?: AbortSignal) =>
  request<ItemList<WorkTeam>>('GET', `${BASE}/teams${toQuery({ limit: 200, ...q })}`, { signal });
export const createTeam = (body: {
  villageCode: string;
  name: string;
  leaderCadreId?: string | null;
  startOn?: string;
  unitIds: string[];
  members?: { cadreId: string; resident: boolean }[];
}) => request<WorkTeam>('POST', `${BASE}/teams`, { body });
export const endTeam = (key: string, body: { endedOn?: string; reason: string; successorKey?: string }) =>
  request<WorkTeam>('POST', `${BASE}/teams/${key}/end`, { body });

export const fetchFirstSecretaries = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<FirstSecretary>>('GET', `${BASE}/first-secretaries${toQuery({ regionCode, limit: 500 })}`, {
    signal,
  });
export const appointFirstSecretary = (body: { villageCode: string; cadreId: string; startOn?: string }) =>
  request<FirstSecretary>('POST', `${BASE}/first-secretaries`, { body });
export const endFirstSecretary = (key: string, body: { endedOn?: string; reason?: string }) =>
  request<FirstSecretary>('POST', `${BASE}/first-secretaries/${key}/end`, { body });

export const fetchPairings = (
  q: { householdKey?: string; cadreId?: string; regionCode?: string; current?: boolean },
  signal?: AbortSignal,
) => request<ItemList<Pairing>>('GET', `${BASE}/pairings${toQuery({ limit: 200, ...q })}`, { signal });
export const createPairing = (body: { householdKey: string; cadreId: string; startOn?: string }) =>
  request<Pairing>('POST', `${BASE}/pairings`, { body });
export const endPairing = (key: string, body: { reason: string; endedOn?: string }) =>
  request<Pairing>('POST', `${BASE}/pairings/${key}/end`, { body });

export const fetchHouseholdLinks = (householdKey: string, signal?: AbortSignal) =>
  request<ItemList<HouseholdLink>>('GET', `${BASE}/household-links${toQuery({ householdKey })}`, { signal });
export const createHouseholdLink = (body: { householdKey: string; unitId: string; kind: HouseholdLinkKind }) =>
  request<HouseholdLink>('POST', `${BASE}/household-links`, { body });
export const fetchVillageLinks = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<VillageLink>>('GET', `${BASE}/village-links${toQuery({ regionCode, limit: 500 })}`, { signal });
export const createVillageLink = (body: { villageCode: string; unitId: string; kind: VillageLinkKind }) =>
  request<VillageLink>('POST', `${BASE}/village-links`, { body });

export const fetchCoverage = (regionCode: string, signal?: AbortSignal) =>
  request<Coverage>('GET', `${BASE}/coverage${toQuery({ regionCode })}`, { signal });
export function fetchGaps(
  kind: 'village',
  q: { regionCode: string; missing?: string; after?: string; limit?: number },
  signal?: AbortSignal,
): Promise<GapPage<VillageGap>>;
export function fetchGaps(
  kind: 'household',
  q: { regionCode: string; missing?: string; after?: string; limit?: number },
  signal?: AbortSignal,
): Promise<GapPage<HouseholdGap>>;
export function fetchGaps(
  kind: 'village' | 'household',
  q: { regionCode: string; missing?: string; after?: string; limit?: number },
  signal?: AbortSignal,
) {
  return request<GapPage<VillageGap | HouseholdGap>>('GET', `${BASE}/coverage/gaps${toQuery({ kind, ...q })}`, {
    signal,
  });
}
export const gapExportUrl = (regionCode: string) => `${BASE}/coverage/gaps.xlsx${toQuery({ regionCode })}`;

export const bulkTemplateUrl = `${BASE}/imports/template.xlsx`;
export const bulkReportUrl = (id: string) => `${BASE}/imports/${id}/errors.xlsx`;
export function uploadBulkAssignment(file: File, mode: 'all' | 'good'): Promise<BulkImport> {
  const form = new FormData();
  form.append('file', file);
  return request<BulkImport>('POST', `${BASE}/imports${toQuery({ mode })}`, { form });
}
export const fetchBulkImport = (id: string, signal?: AbortSignal) =>
  request<BulkImport>('GET', `${BASE}/imports/${id}`, { signal });
