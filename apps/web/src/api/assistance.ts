import type {
  AssistanceSettings,
  BulkImportView,
  CadreView,
  CoverageRow,
  CoverageView,
  FirstSecretaryView,
  GapPage,
  HouseholdGap,
  HouseholdLinkKind,
  HouseholdLinkView,
  LeaderContactView,
  PairingView,
  RebalanceResult,
  UnitKind,
  UnitLevel,
  UnitView,
  VillageGap,
  VillageLinkKind,
  VillageLinkView,
  WorkTeamView,
} from '@fupin/domain';
import { request, toQuery } from './client';
import type { ItemList } from './types';

// Client of /api/assistance (apps/server/src/modules/assistance): units, cadres, leader contacts,
// work teams, first secretaries, pairings, 七联 links, coverage and bulk helper assignment; the
// response shapes are shared with the server (packages/domain/src/assistance/views.ts).
export type {
  BulkImportView,
  CadreView,
  CoverageRow,
  FirstSecretaryView,
  HouseholdGap,
  LeaderContactView,
  PairingView,
  UnitView,
  VillageGap,
  VillageLinkView,
  WorkTeamView,
};

const BASE = '/api/assistance';

export const fetchAssistanceSettings = (signal?: AbortSignal) =>
  request<AssistanceSettings>('GET', `${BASE}/settings`, { signal });

export const fetchUnits = (
  q: { regionCode?: string; kind?: UnitKind; q?: string; limit?: number },
  signal?: AbortSignal,
) => request<ItemList<UnitView>>('GET', `${BASE}/units${toQuery({ limit: 500, ...q })}`, { signal });
export const createUnit = (body: {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  phone?: string | null;
}) => request<UnitView>('POST', `${BASE}/units`, { body });

export const fetchCadres = (
  q: { regionCode?: string; unitId?: string; q?: string; active?: boolean; limit?: number },
  signal?: AbortSignal,
) => request<ItemList<CadreView>>('GET', `${BASE}/cadres${toQuery({ limit: 200, ...q })}`, { signal });
export const createCadre = (body: {
  name: string;
  phone?: string | null;
  unitId: string;
  position?: string | null;
  regionCode: string;
}) => request<CadreView>('POST', `${BASE}/cadres`, { body });
export const rebalanceCadre = (id: string, body: { reason: string; deactivate: boolean }) =>
  request<RebalanceResult>('POST', `${BASE}/cadres/${id}/rebalance`, { body });

export const fetchLeaderContacts = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<LeaderContactView>>('GET', `${BASE}/leader-contacts${toQuery({ regionCode, limit: 500 })}`, {
    signal,
  });
export const createLeaderContact = (body: { cadreId: string; regionCode: string; role?: string; startOn?: string }) =>
  request<LeaderContactView>('POST', `${BASE}/leader-contacts`, { body });
export const endLeaderContact = (id: string) =>
  request<LeaderContactView>('POST', `${BASE}/leader-contacts/${id}/end`, { body: {} });

export const fetchTeams = (q: { regionCode: string; status?: 'active' | 'ended' }, signal?: AbortSignal) =>
  request<ItemList<WorkTeamView>>('GET', `${BASE}/teams${toQuery({ limit: 200, ...q })}`, { signal });
export const createTeam = (body: {
  villageCode: string;
  name: string;
  leaderCadreId?: string | null;
  startOn?: string;
  unitIds: string[];
  members?: { cadreId: string; resident: boolean }[];
}) => request<WorkTeamView>('POST', `${BASE}/teams`, { body });
export const endTeam = (key: string, body: { endedOn?: string; reason: string; successorKey?: string }) =>
  request<WorkTeamView>('POST', `${BASE}/teams/${key}/end`, { body });

export const fetchFirstSecretaries = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<FirstSecretaryView>>('GET', `${BASE}/first-secretaries${toQuery({ regionCode, limit: 500 })}`, {
    signal,
  });
export const appointFirstSecretary = (body: { villageCode: string; cadreId: string; startOn?: string }) =>
  request<FirstSecretaryView>('POST', `${BASE}/first-secretaries`, { body });
export const endFirstSecretary = (key: string, body: { endedOn?: string; reason?: string }) =>
  request<FirstSecretaryView>('POST', `${BASE}/first-secretaries/${key}/end`, { body });

export const fetchPairings = (
  q: { householdKey?: string; cadreId?: string; regionCode?: string; current?: boolean },
  signal?: AbortSignal,
) => request<ItemList<PairingView>>('GET', `${BASE}/pairings${toQuery({ limit: 200, ...q })}`, { signal });
export const createPairing = (body: { householdKey: string; cadreId: string; startOn?: string }) =>
  request<PairingView>('POST', `${BASE}/pairings`, { body });
export const endPairing = (key: string, body: { reason: string; endedOn?: string }) =>
  request<PairingView>('POST', `${BASE}/pairings/${key}/end`, { body });

export const fetchHouseholdLinks = (householdKey: string, signal?: AbortSignal) =>
  request<ItemList<HouseholdLinkView>>('GET', `${BASE}/household-links${toQuery({ householdKey })}`, { signal });
export const createHouseholdLink = (body: { householdKey: string; unitId: string; kind: HouseholdLinkKind }) =>
  request<HouseholdLinkView>('POST', `${BASE}/household-links`, { body });
export const fetchVillageLinks = (regionCode: string, signal?: AbortSignal) =>
  request<ItemList<VillageLinkView>>('GET', `${BASE}/village-links${toQuery({ regionCode, limit: 500 })}`, { signal });
export const createVillageLink = (body: { villageCode: string; unitId: string; kind: VillageLinkKind }) =>
  request<VillageLinkView>('POST', `${BASE}/village-links`, { body });

export const fetchCoverage = (regionCode: string, signal?: AbortSignal) =>
  request<CoverageView>('GET', `${BASE}/coverage${toQuery({ regionCode })}`, { signal });
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
export function uploadBulkAssignment(file: File, mode: 'all' | 'good'): Promise<BulkImportView> {
  const form = new FormData();
  form.append('file', file);
  return request<BulkImportView>('POST', `${BASE}/imports${toQuery({ mode })}`, { form });
}
export const fetchBulkImport = (id: string, signal?: AbortSignal) =>
  request<BulkImportView>('GET', `${BASE}/imports/${id}`, { signal });
