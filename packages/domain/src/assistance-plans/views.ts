// What the household-plans API answers: the server's presenters build these, the web app reads them.

import type { MeasureType } from './measures.js';
import type { PlanItemStatus, PlanProgress } from './plans.js';

/** A cadre named on a record. */
export interface CadreRef {
  id: string;
  name: string;
}

/** A cadre the forms offer for a household: active, allowed in a region containing its village. */
export interface HouseholdCadre {
  id: string;
  name: string;
  unitName: string | null;
  phone: string | null;
  /** Paired with this household (its helper). */
  paired: boolean;
}

/** One item of a household's plan (一户一策); amounts in yuan. */
export interface PlanItemView {
  id: string;
  measureType: MeasureType;
  target: string;
  targetAmount: number | null;
  dueDate: string;
  status: PlanItemStatus;
  overdue: boolean;
  cadre: CadreRef | null;
  /** Sum of the measures recorded against the item, in yuan. */
  deliveredAmount: number;
  measures: number;
  version: number;
  updatedAt: string;
}

/** `GET /api/households/:key/plan`. */
export interface HouseholdPlanView {
  householdKey: string;
  today: string;
  progress: PlanProgress;
  items: PlanItemView[];
}

/** A delivered measure; amount in yuan. */
export interface MeasureView {
  id: string;
  measureType: MeasureType;
  content: string;
  date: string;
  amount: number | null;
  quantity: number | null;
  unit: string | null;
  planItemId: string | null;
  beneficiaries: { id: string; name: string }[];
  cadre: CadreRef | null;
  recordedBy: string;
  recordedAt: string;
}

/** A photo of a visit, served by the API to users in the household's region. */
export interface VisitPhotoView {
  id: string;
  contentType: string;
  sizeBytes: number;
  url: string;
}

/** A helper's visit to a household (走访). */
export interface VisitView {
  id: string;
  visitedOn: string;
  cadre: CadreRef | null;
  note: string;
  latitude: number | null;
  longitude: number | null;
  photos: VisitPhotoView[];
  recordedBy: string;
  recordedAt: string;
}

/** Plan progress of one region (households registered there, items of their plans). */
export interface RegionProgressRow {
  code: string;
  name: string;
  households: number;
  householdsWithPlan: number;
  progress: PlanProgress;
}

/** `GET /api/household-plans/progress?regionCode`: the region and each child region. */
export interface RegionPlanProgressView extends RegionProgressRow {
  today: string;
  children: RegionProgressRow[];
}

/** Who answers for a household, as printed on its wall card. */
export interface ResponsiblePerson {
  role: 'helper' | 'teamLeader' | 'firstSecretary';
  name: string;
  unitName: string | null;
  phone: string | null;
}

/** The content of a "十个到户" wall card: household data masked, responsible people with phones. */
export interface WallCardContent {
  household: {
    householdNo: string;
    /** Masked: 张*明. */
    headName: string;
    size: number;
    attribute: string;
    mainCause: string;
    status: string;
    /** County, township and village names. */
    place: string[];
  };
  people: ResponsiblePerson[];
  planItems: {
    measureType: MeasureType;
    target: string;
    targetAmount: number | null;
    dueDate: string;
    status: PlanItemStatus;
  }[];
  measures: {
    measureType: MeasureType;
    content: string;
    date: string;
    amount: number | null;
    quantity: number | null;
    unit: string | null;
    /** Masked names of the members who benefit. */
    beneficiaries: string[];
  }[];
  progress: PlanProgress;
}

/** `POST /api/households/:key/wall-card`: the card as issued (a new version when its content changed). */
export interface WallCardView {
  householdKey: string;
  version: number;
  issuedAt: string;
  /** The signed token the QR code carries; `/verify/<token>` checks it without logging in. */
  token: string;
  card: WallCardContent;
}

/** `GET /api/public/wall-cards/:token`: the card as issued, and whether it is still the current one. */
export interface WallCardVerification {
  status: 'current' | 'stale';
  version: number;
  latestVersion: number;
  /** True when the household's data changed after the latest card was printed. */
  changedSinceLatest: boolean;
  issuedAt: string;
  card: WallCardContent;
}

/** A work team as the activity page's picker lists it. */
export interface TeamRef {
  key: string;
  name: string;
  villageCode: string;
  villageName: string;
  status: string;
  /** The latest attendance day recorded, or null. */
  lastDay: string | null;
}

/** One member's figures in a work team's activity record. */
export interface TeamMemberActivity {
  cadreId: string;
  name: string;
  unitName: string | null;
  isLeader: boolean;
  daysInVillage: number;
  daysAway: number;
  visits: number;
  measures: number;
}

/** One household's figures in a work team's activity record. */
export interface TeamHouseholdActivity {
  key: string;
  headName: string;
  status: string;
  visits: number;
  measures: number;
  progress: PlanProgress;
}

/** `GET /api/work-teams/:id/activity?from&to`: the raw material of a work team's assessment. */
export interface TeamActivityView {
  team: { id: string; name: string; villageCode: string; villageName: string };
  from: string;
  to: string;
  /** Calendar days in the period. */
  periodDays: number;
  members: TeamMemberActivity[];
  totals: {
    daysInVillage: number;
    visits: number;
    measures: number;
    measuresAmount: number;
    households: number;
    householdsVisited: number;
  };
  progress: PlanProgress;
  households: TeamHouseholdActivity[];
}
