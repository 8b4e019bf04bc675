/**
 * Quyết định: composed from the procedure's `DecisionTemplate` — number and symbol, place and
 * date, "QUYẾT ĐỊNH" and the summary, the issuing authority, the "Căn cứ ...;" grounds in italics,
 * "Theo đề nghị của ...", "QUYẾT ĐỊNH:", the articles with their placeholders filled, recipients
 * and the signer block. The decision is issued by the last level of the procedure's chain (the
 * department, or the ward for ward-only procedures). Signature fields: `approver` (that unit's
 * approver) and `seal` (its organisation signature: a square at the left of the approver's field,
 * touching it, where the round seal is drawn; Decree 30, Appendix I).
 */
import { formatPlaceDate, lowerFirst, upper, upperFirst } from '../format';
import type { LayoutTrace } from '../layout/canvas';
import { paragraph } from '../layout/flow';
import { drawHeader } from '../layout/header';
import { drawClosing, recipientLines } from '../layout/signer';
import type { Run } from '../layout/text';
import { drawTitle, TITLE_SIZE } from '../layout/title';
import { fillPlaceholders, type PlaceholderContext } from '../placeholders';
import type { DecisionData, RenderedDocument } from '../types';
import { deskName, unitForLevel, unitFullName } from '../units';
import type { ChainLevel, Procedure } from '../../domain/types';
import { finish, INDENT, numberLine, openCanvas, signerHeadings, unitIssuingBody } from './common';

export const DECISION_TITLE = 'QUYẾT ĐỊNH';

const ARTICLE_HEAD = /^(Điều\s+\d+[a-zđ]?\.)\s*/u;

/** "Điều 1. text" → bold "Điều 1." then the text; an entry without a head is numbered. */
export function articleRuns(text: string, index: number): Run[] {
  const match = ARTICLE_HEAD.exec(text);
  const head = match?.[1] ?? `Điều ${index + 1}.`;
  const rest = match ? text.slice(match[0].length) : text;
  return [
    { text: `${head} `, style: 'bold' },
    { text: rest, style: 'regular' },
  ];
}

/** "Căn cứ ..." with the trailing semicolon of Decree 30 (the prefix added when missing). */
export function groundLine(ground: string): string {
  const text = ground
    .normalize('NFC')
    .trim()
    .replace(/[;.,]+$/, '');
  return /^căn cứ(\s|$)/iu.test(text) ? `${upperFirst(text)};` : `Căn cứ ${text};`;
}

const PROPOSAL = /^theo đề nghị của(\s|$)/iu;

/** Is this entry of `legalGrounds` a "Theo đề nghị của ..." line rather than a ground? */
export function isProposal(entry: string): boolean {
  return PROPOSAL.test(entry.normalize('NFC').trim());
}

/**
 * The "Theo đề nghị của ..." lines closing the preamble: the input's `proposedBy`, else those the
 * template lists among its grounds, else the ward's chairman; the last one ends with a full stop.
 */
export function proposalLines(data: DecisionData, fromTemplate: string[]): string[] {
  const strip = (line: string) =>
    line
      .normalize('NFC')
      .trim()
      .replace(/[;.,]+$/, '');
  const lines = data.proposedBy
    ? [`Theo đề nghị của ${strip(data.proposedBy)}`]
    : fromTemplate.length > 0
      ? fromTemplate.map((line) => upperFirst(strip(line)))
      : [`Theo đề nghị của ${defaultProposer(data)}`];
  return lines.map((line, i) => `${line}${i === lines.length - 1 ? '.' : ';'}`);
}

/** The level that issues the decision: the last of the chain (the department by default). */
export function issuingLevel(procedure: Procedure): ChainLevel {
  return procedure.chain[procedure.chain.length - 1] ?? 'DEPARTMENT';
}

function defaultProposer(data: DecisionData): string {
  // A department deciding after the ward: the ward's chairman proposes; otherwise the desk.
  return issuingLevel(data.procedure) === 'DEPARTMENT' && data.procedure.chain.includes('WARD')
    ? `Chủ tịch ${unitFullName(data.ward)}`
    : deskName(data.ward);
}

export async function renderDecision(
  data: DecisionData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'DECISION'>> {
  const level = issuingLevel(data.procedure);
  const issuer = unitForLevel(level, data.ward, data.department);
  const template = data.procedure.decision;
  const ctx: PlaceholderContext = {
    applicant: data.applicant,
    form: data.form,
    formSchema: data.procedure.formSchema,
    caseCode: data.dossierCode,
    unit: issuer,
    ward: data.ward,
  };
  // Fill everything first: a bad template fails before anything is drawn.
  const articles = template.articles.map((article) => fillPlaceholders(article, ctx));
  const recipients = template.recipients.map((r) => fillPlaceholders(r, ctx));
  const preamble = template.legalGrounds.map((g) => fillPlaceholders(g, ctx));
  const grounds = preamble.filter((g) => !isProposal(g)).map(groundLine);
  const proposals = proposalLines(data, preamble.filter(isProposal));
  const summary = upperFirst(fillPlaceholders(template.summary, ctx));
  const authority = upper(fillPlaceholders(template.authority, ctx));
  const number = numberLine(data.documentNumber, template.symbol);

  const body = data.issuingBody ?? unitIssuingBody(issuer);
  const canvas = await openCanvas(
    {
      title: `Quyết định ${lowerFirst(summary)}`,
      author: unitFullName(issuer),
      subject: `${number.replace(/^Số: /, 'Số ')} - ${data.dossierCode}`,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    superior: body.superior,
    issuer: body.issuer,
    number,
    placeDate: formatPlaceDate(issuer.place, data.issuedAt),
  });
  drawTitle(canvas, { title: DECISION_TITLE, summary, rule: true });
  paragraph(canvas, authority, {
    style: 'bold',
    size: TITLE_SIZE,
    align: 'center',
    spaceAfter: 8,
  });

  for (const ground of grounds) {
    paragraph(canvas, ground, { style: 'italic', indent: INDENT, spaceAfter: 3 });
  }
  proposals.forEach((line, i) =>
    paragraph(canvas, line, {
      style: 'italic',
      indent: INDENT,
      spaceAfter: i === proposals.length - 1 ? 8 : 3,
    }),
  );

  paragraph(canvas, 'QUYẾT ĐỊNH:', {
    style: 'bold',
    size: TITLE_SIZE,
    align: 'center',
    spaceAfter: 8,
    keepWithNext: 40,
  });
  // The last article stays with the signer block when both fit on a page.
  const articleOptions = { indent: INDENT, spaceAfter: 6 };
  articles
    .slice(0, -1)
    .forEach((article, index) => paragraph(canvas, articleRuns(article, index), articleOptions));
  const lastIndex = articles.length - 1;
  const lastArticle = articles[lastIndex];

  drawClosing(canvas, {
    lead:
      lastArticle === undefined
        ? []
        : [{ text: articleRuns(lastArticle, lastIndex), options: articleOptions }],
    recipients: recipientLines(recipients),
    signer: {
      headings: signerHeadings(data.signer, template.signerPrefix),
      field: {
        name: 'approver',
        role: level === 'WARD' ? 'WARD_APPROVER' : 'DEPARTMENT_APPROVER',
        tooltip: `Chữ ký của ${data.signer.fullName.normalize('NFC')}`,
      },
      seal: {
        name: 'seal',
        role: 'SEAL',
        tooltip: `Chữ ký số của ${unitFullName(issuer)}`,
      },
      signatureImage: data.signer.signatureImage,
      name: data.signer.fullName,
    },
  });
  return finish(canvas, 'DECISION', `Quyết định ${lowerFirst(summary)}`);
}
