/**
 * What each document says, composed from the case's read model and what the workflow adds (the
 * reason, the missing documents, the new appointment, the official who acted).
 */
import { ApplicationFailure } from '@temporalio/common';
import { nextSequence } from '../../models/counter';
import { procedureOf, type CaseDoc } from '../../models/case';
import { OfficialModel, signatureImageOf, type OfficialDoc } from '../../models/official';
import { ReservationModel } from '../../models/reservation';
import type { DocumentRequest, OfficerInfo, ReceivedDocument, SignerInfo } from '../../templates';
import type { DocumentKind } from '../../domain/types';
import type { DocumentContent } from '../types';
import { isDuplicateKey } from '../../models/db';

export interface ComposeContext {
  caseDoc: CaseDoc;
  content: DocumentContent;
  key: string;
  publicBaseUrl: string;
  /** A preview before signing: nothing is reserved (the number prints as "…"). */
  preview?: boolean;
}

const templateError = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'TEMPLATE_ERROR');

async function official(id: string | undefined): Promise<OfficialDoc | null> {
  return id ? OfficialModel.findById(id).lean() : null;
}

function signerInfo(o: OfficialDoc): SignerInfo {
  return {
    fullName: o.fullName,
    position: o.position,
    ...(o.authorityPrefix ? { authorityPrefix: o.authorityPrefix } : {}),
    ...(signatureImageOf(o) ? { signatureImage: signatureImageOf(o) } : {}),
  };
}

function officerInfo(o: OfficialDoc | null, fallbackName: string): OfficerInfo {
  return o
    ? { fullName: o.fullName, position: o.position, ...(o.email ? { email: o.email } : {}) }
    : { fullName: fallbackName };
}

/** The head of a unit who signs for it (its first approver), for letters the unit issues. */
async function unitSigner(unitCode: string): Promise<SignerInfo> {
  const head = await OfficialModel.findOne({
    unitCode,
    active: true,
    roles: { $in: ['WARD_APPROVER', 'DEPARTMENT_APPROVER'] },
  })
    .sort({ _id: 1 })
    .lean();
  if (!head) throw templateError(`No approver of ${unitCode} to sign for the unit.`);
  return signerInfo(head);
}

/**
 * The document number, allocated once per case and step: a retried activity gets the same
 * number; numbering restarts every year per issuing unit (Decree 30/2020 Art. 15).
 */
async function documentNumber(ctx: ComposeContext, unitCode: string): Promise<string> {
  if (ctx.preview) return '…';
  const id = `${ctx.caseDoc.code}#${ctx.key}`;
  const existing = await ReservationModel.findById(id).lean();
  if (existing) return existing.value;
  const year = new Date(ctx.content.issuedAt).getUTCFullYear();
  const n = await nextSequence(`document-number:${unitCode}:${year}`);
  try {
    await ReservationModel.create({ _id: id, value: String(n) });
    return String(n);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return ((await ReservationModel.findById(id).lean()) as { value: string }).value;
  }
}

function receivedDocuments(caseDoc: CaseDoc): ReceivedDocument[] {
  const docs = caseDoc.documents.filter(
    (d) => d.kind === 'APPLICATION_FORM' || d.kind === 'ATTACHMENT',
  );
  const listed = docs.map((d) => ({
    name: d.title,
    originals: 1,
    digitallySigned: d.signatures.length > 0,
  }));
  return listed.length > 0 ? listed : [{ name: 'Đơn đề nghị', originals: 1 }];
}

export async function composeDocument(
  kind: DocumentKind,
  ctx: ComposeContext,
): Promise<DocumentRequest> {
  const { caseDoc, content } = ctx;
  const base = {
    dossierCode: caseDoc.code,
    applicant: caseDoc.applicant,
    procedure: procedureOf(caseDoc),
    ward: caseDoc.ward,
    department: caseDoc.department,
    issuedAt: content.issuedAt,
  };
  /** When the dossier was accepted and the appointment given (receipt, control sheet). */
  const receipt = {
    receivedAt: content.acceptedAt ?? content.issuedAt,
    appointmentAt: content.appointmentAt ?? caseDoc.dueAt,
  };
  const actor = await official(content.official?.id);
  switch (kind) {
    case 'RECEIPT':
      return {
        kind,
        data: {
          ...base,
          ...receipt,
          documents: receivedDocuments(caseDoc),
          channel: 'ONLINE',
          trackingBaseUrl: ctx.publicBaseUrl,
          receiver: officerInfo(actor, content.official?.name ?? ''),
        },
      };
    case 'CONTROL_SHEET':
      return {
        kind,
        data: { ...base, ...receipt },
      };
    case 'SUPPLEMENT_REQUEST': {
      const missing = content.missingDocuments ?? [];
      if (missing.length === 0)
        throw templateError('A supplement request needs the missing documents.');
      const guide = officerInfo(actor, content.official?.name ?? '');
      return {
        kind,
        data: {
          ...base,
          items: missing.map((name) => ({
            name,
            requirement: 'Bổ sung, hoàn thiện theo quy định',
          })),
          reason: content.reason ?? content.note ?? 'Hồ sơ chưa đầy đủ thành phần theo quy định.',
          answerBy: content.answerBy ?? content.issuedAt,
          guide,
        },
      };
    }
    case 'REFUSAL': {
      if (!actor) throw templateError('A refusal needs the official who decided.');
      const stage =
        content.stage === 'DEPARTMENT_APPROVAL' || content.stage === 'WARD_APPROVAL'
          ? content.stage
          : 'VERIFICATION';
      const unit = stage === 'DEPARTMENT_APPROVAL' ? caseDoc.department.code : caseDoc.ward.code;
      return {
        kind,
        data: {
          ...base,
          stage,
          reasons: [content.reason ?? 'Hồ sơ không đủ điều kiện giải quyết.'],
          decidedBy: signerInfo(actor),
          documentNumber: await documentNumber(ctx, unit),
        },
      };
    }
    case 'APOLOGY': {
      const unitCode = content.lateUnitCode ?? caseDoc.stageUnitCode;
      return {
        kind,
        data: {
          ...base,
          responsibleLevel: unitCode === caseDoc.ward.code ? 'WARD' : 'DEPARTMENT',
          receivedAt: caseDoc.acceptedAt ?? caseDoc.submittedAt,
          originalAppointmentAt: content.originalDueAt ?? caseDoc.dueAt,
          newAppointmentAt: content.newDueAt ?? caseDoc.dueAt,
          reason: content.reason ?? 'Hồ sơ chưa được giải quyết đúng hạn.',
          signer: await unitSigner(unitCode),
          documentNumber: await documentNumber(ctx, unitCode),
        },
      };
    }
    case 'DECISION': {
      if (!actor) throw templateError('A decision needs the approving official.');
      return {
        kind,
        data: {
          ...base,
          form: caseDoc.form,
          signer: signerInfo(actor),
          documentNumber: await documentNumber(ctx, actor.unitCode ?? caseDoc.department.code),
        },
      };
    }
    case 'APPLICATION_FORM':
      throw templateError(
        'The application form is made when the applicant files, not by the workflow.',
      );
  }
}
