// What the assistance API answers (/api/assistance): the server's presenters build these, the web
// app reads them. One definition here keeps both sides in step.

import type { ImportFormat, ImportMode, ImportRecordView, ImportStatus } from '../imports.js';
import type {
  HouseholdCoverage,
  HouseholdLinkKind,
  UnitKind,
  UnitLevel,
  VillageCoverage,
  VillageLinkKind,
} from './rules.js';

/** A helping unit (帮扶单位). */
export interface UnitView {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  regionName: string;
  phone: string | null;
  active: boolean;
}

/** A cadre (helper) with the number of households paired. */
export interface CadreView {
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
  /** Active pairings in the actor's region. */
  households: number;
}

/** A leader contact (联系点): a cadre answering for a region. */
export interface LeaderContactView {
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

/** A work team stationed in a village (驻村工作队) with its units and members. */
export interface WorkTeamView {
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

/** A first secretary (第一书记) of a village. */
export interface FirstSecretaryView {
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

/** A pairing (结对帮扶) of a helper with a household. */
export interface PairingView {
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

/** A household's link with a bank or an insurer (七联). */
export interface HouseholdLinkView {
  key: string;
  householdKey: string;
  unitId: string;
  unitName: string;
  kind: HouseholdLinkKind;
  startOn: string;
  endedOn: string | null;
}

/** A village's link with a unit or an enterprise (七联). */
export interface VillageLinkView {
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

/** What ending a dated link answers. */
export interface EndedLinkView {
  key: string;
  endedOn: string;
}

/** A departing helper's households moved to other helpers. */
export interface RebalanceResult {
  cadreId: string;
  moved: { householdKey: string; fromPairingKey: string; toCadreId: string; toCadreName: string }[];
  deactivated: boolean;
}

/** Poor villages of a region and how many have each link. */
export interface VillageCoverageFigures {
  poorVillages: number;
  workTeam: number;
  firstSecretary: number;
  unit: number;
  enterprise: number;
}

/** Poor households of a region and how many have each link. */
export interface HouseholdCoverageFigures {
  poorHouseholds: number;
  helper: number;
  bank: number;
  insurer: number;
}

/** Coverage figures (四个全覆盖 / 七联) of one region. */
export interface CoverageRow {
  regionCode: string;
  regionName: string;
  villages: VillageCoverageFigures;
  households: HouseholdCoverageFigures;
}

/** `GET /api/assistance/coverage`: a region's figures with the same figures per child region. */
export interface CoverageView extends CoverageRow {
  /** The same figures for each child region (prefectures of the province, counties of a prefecture…). */
  children: CoverageRow[];
}

/** A poor village lacking a work team, a first secretary, a unit or an enterprise. */
export interface VillageGap {
  villageCode: string;
  villageName: string;
  townshipName: string;
  countyName: string;
  missing: VillageCoverage[];
}

/** A poor household lacking a helper, a bank or an insurer. */
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

/** One page of a gap list; `next` is the keyset cursor of the following page. */
export interface GapPage<T> {
  items: T[];
  next: string | null;
}

/** A bulk helper assignment (批量结对) with its job's progress. */
export interface BulkImportView extends ImportRecordView<ImportFormat, ImportMode, ImportStatus> {
  counts: { rows: number; ok: number; bad: number; unchanged: number; written: number; errors: number };
  fileError: { code: string; message: string } | null;
}
