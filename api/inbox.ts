/**
 * The page of an official's inbox: the open cases of their stages and unit, filtered (deadline
 * status, stage, procedure), searched (dossier code or applicant's name, accents and case
 * ignored), most urgent first, with the working days left before each stage's deadline
 * (domain/calendar: office hours, weekends and holidays excluded).
 */
import { workingDaysBetween } from '../domain/calendar';
import { STAGE_LABELS } from '../domain/stages';
import type { OpenCaseDoc } from '../models/case';

export interface InboxQuery {
  q?: string;
  status?: 'overdue' | 'atRisk' | 'onTrack';
  stage?: string;
  procedure?: string;
  page?: number;
  limit?: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Lower case without diacritics (đ → d): "Nguyễn" and "nguyen" match. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLocaleLowerCase('vi');
}

const statusOf = (c: OpenCaseDoc): 'overdue' | 'atRisk' | 'onTrack' =>
  c.overdue ? 'overdue' : c.atRisk ? 'atRisk' : 'onTrack';

export function inboxPage(cases: readonly OpenCaseDoc[], query: InboxQuery, now: Date) {
  const needle = query.q ? searchable(query.q) : '';
  const matching = cases.filter(
    (c) =>
      (!query.status || statusOf(c) === query.status) &&
      (!query.stage || c.stage === query.stage) &&
      (!query.procedure || c.procedureCode === query.procedure) &&
      (!needle ||
        searchable(c.code).includes(needle) ||
        searchable(c.applicantName ?? '').includes(needle)),
  );
  const due = (c: OpenCaseDoc): number =>
    c.stageDueAt ? new Date(c.stageDueAt).getTime() : Number.POSITIVE_INFINITY;
  matching.sort((a, b) => due(a) - due(b) || a.code.localeCompare(b.code));
  const pageSize = query.limit ?? DEFAULT_PAGE_SIZE;
  const page = query.page ?? 1;
  const items = matching.slice((page - 1) * pageSize, page * pageSize).map((c) => ({
    code: c.code,
    procedureCode: c.procedureCode,
    procedureName: c.procedureName,
    applicantName: c.applicantName,
    stage: c.stage,
    stageLabel: STAGE_LABELS[c.stage],
    stageDueAt: c.stageDueAt,
    workingDaysLeft: c.stageDueAt
      ? Math.round(workingDaysBetween(now, new Date(c.stageDueAt)) * 10) / 10
      : null,
    overdue: c.overdue,
    atRisk: c.atRisk || c.overdue,
  }));
  return {
    items,
    total: matching.length,
    page,
    pageSize,
    counts: {
      all: cases.length,
      overdue: cases.filter((c) => c.overdue).length,
      atRisk: cases.filter((c) => statusOf(c) === 'atRisk').length,
    },
  };
}
