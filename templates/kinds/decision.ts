/**
 * Quyết định: composed from the procedure's `DecisionTemplate` — number and symbol, place and
 * date, "QUYẾT ĐỊNH" and the summary, the issuing authority, the "Căn cứ ...;" grounds in italics,
 * "Theo đề nghị của ...", "QUYẾT ĐỊNH:", the articles with their placeholders filled, recipients
 * and the signer block. Signature fields: `approver` (the department approver) and `seal` (the
 * department's organisation signature, over the left third of the signature, Decree 30 Art. 33).
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
import { unitFullName } from '../units';
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

function defaultProposer(data: DecisionData): string {
  return data.procedure.chain.includes('WARD')
    ? `Chủ tịch ${unitFullName(data.ward)}`
    : `Bộ phận Một cửa ${lowerFirst(data.ward.name)}`;
}

export async function renderDecision(
  data: DecisionData,
  trace?: LayoutTrace,
): Promise<RenderedDocument<'DECISION'>> {
  const template = data.procedure.decision;
  const ctx: PlaceholderContext = {
    applicant: data.applicant,
    form: data.form,
    formSchema: data.procedure.formSchema,
    caseCode: data.dossierCode,
    unit: data.department,
    ward: data.ward,
  };
  // Fill everything first: a bad template fails before anything is drawn.
  const articles = template.articles.map((article) => fillPlaceholders(article, ctx));
  const recipients = template.recipients.map((r) => fillPlaceholders(r, ctx));
  const grounds = template.legalGrounds.map((g) => groundLine(fillPlaceholders(g, ctx)));
  const summary = upperFirst(fillPlaceholders(template.summary, ctx));
  const number = numberLine(data.documentNumber, template.symbol);

  const body = data.issuingBody ?? unitIssuingBody(data.department);
  const canvas = await openCanvas(
    {
      title: `Quyết định ${lowerFirst(summary)}`,
      author: unitFullName(data.department),
      subject: `${number.replace(/^Số: /, 'Số ')} - ${data.dossierCode}`,
      issuedAt: data.issuedAt,
    },
    trace,
  );

  drawHeader(canvas, {
    superior: body.superior,
    issuer: body.issuer,
    number,
    placeDate: formatPlaceDate(data.department.place, data.issuedAt),
  });
  drawTitle(canvas, { title: DECISION_TITLE, summary, rule: true });
  paragraph(canvas, upper(template.authority), {
    style: 'bold',
    size: TITLE_SIZE,
    align: 'center',
    spaceAfter: 8,
  });

  for (const ground of grounds) {
    paragraph(canvas, ground, { style: 'italic', indent: INDENT, spaceAfter: 3 });
  }
  const proposer = (data.proposedBy ?? defaultProposer(data))
    .normalize('NFC')
    .replace(/[.;]+$/, '');
  paragraph(canvas, `Theo đề nghị của ${proposer}.`, {
    style: 'italic',
    indent: INDENT,
    spaceAfter: 8,
  });

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
        role: 'DEPARTMENT_APPROVER',
        tooltip: `Chữ ký của ${data.signer.fullName.normalize('NFC')}`,
      },
      seal: {
        name: 'seal',
        role: 'SEAL',
        tooltip: `Chữ ký số của ${unitFullName(data.department)}`,
      },
      name: data.signer.fullName,
    },
  });
  return finish(canvas, 'DECISION', `Quyết định ${lowerFirst(summary)}`);
}
