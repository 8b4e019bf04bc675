/**
 * Step 1 of a signed application: validate everything, render the application form, prepare the
 * applicant's signature in its `applicant` field and keep the signing state for 30 minutes.
 */
import crypto from 'node:crypto';
import { say } from '../../contract/messages';
import { problemAt } from '../../contract/problems';
import { PrepareApplicationRequest } from '../../contract/schemas';
import { getUnit } from '../../domain/catalogue';
import type { Applicant, Procedure, Unit } from '../../domain/types';
import { toVnIsoString } from '../../domain/calendar';
import { ApplicationModel } from '../../models/application';
import { isSigningError, prepareSignature, type SigningState } from '../../signing';
import { FIELD_NAMES, renderDocument } from '../../templates';
import { loadPki } from '../../activities/pki';
import {
  ApplicationError,
  asApplicationError,
  type FieldProblem,
  validationFailed,
} from './errors';
import { checkSignerNotRevoked } from './revocation-check';
import {
  CERTIFICATE_FIELD,
  checkSignerCertificate,
  type CheckedSigner,
} from './signer-certificate';
import {
  clock,
  type ApplicationServiceDeps,
  type PrepareApplicationInput,
  type PreparedApplication,
} from './types';
import {
  ID_NUMBER,
  isRecord,
  normalizeStrings,
  validateApplicant,
  validateAttachedCodes,
  validateForm,
  validateProcedure,
  validateWard,
} from '../../activities/applications/validation';

/** How long a prepared application waits for its signature. */
export const APPLICATION_TTL_MS = 30 * 60_000;

const FIELDS = [
  'procedureCode',
  'wardCode',
  'applicant',
  'form',
  'attachedDocumentCodes',
  'signerCertificatePem',
];

/** The unsigned form of a prepared application: the prefix of the prepared PDF. */
export function unsignedForm(state: SigningState, length: number): Buffer {
  return Buffer.from(state.pdf, 'base64').subarray(0, length);
}

/** The checked parts of an application, when every check passed. */
interface CheckedApplication {
  procedure: Procedure;
  ward: Unit;
  applicant: Applicant;
  form: Record<string, unknown>;
  attachedDocumentCodes: string[];
  signer?: CheckedSigner;
}

/**
 * Every check of an application at once — unknown fields, the procedure and ward, the applicant,
 * the e-form against the procedure's schema, the attached documents and, when `certificate` is
 * not 'skip', the signer certificate against the applicant — with the values when all passed.
 */
async function checkApplication(
  deps: ApplicationServiceDeps,
  input: unknown,
  certificate: 'required' | 'skip',
): Promise<{ problems: FieldProblem[]; checked?: CheckedApplication }> {
  if (!isRecord(input)) return { problems: [{ field: '', message: say('field.notAnObject') }] };
  const n = normalizeStrings(input);
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(n)) {
    if (!FIELDS.includes(key))
      problems.push(problemAt(PrepareApplicationRequest, [key], 'rule.unknownField'));
  }
  const procedure = validateProcedure(n.procedureCode, problems);
  const ward = validateWard(n.wardCode, problems);
  const applicant = validateApplicant(n.applicant, problems);
  const form = validateForm(n.form, procedure, problems);
  const attachedDocumentCodes = validateAttachedCodes(n.attachedDocumentCodes, procedure, problems);
  let signer: CheckedSigner | undefined;
  if (certificate === 'required') {
    const pki = await loadPki();
    if (!pki) throw new ApplicationError('DEPENDENCY_UNAVAILABLE', say('pki.notSetUp'));
    // Compare the certificate with what the applicant field says, even when other parts of it
    // are wrong, so that every problem shows at once.
    const claimed = isRecord(n.applicant) ? n.applicant : {};
    signer = checkSignerCertificate(
      n.signerCertificatePem,
      {
        ...(typeof claimed.fullName === 'string' && claimed.fullName !== ''
          ? { fullName: claimed.fullName }
          : {}),
        ...(typeof claimed.idNumber === 'string' && ID_NUMBER.test(claimed.idNumber)
          ? { idNumber: claimed.idNumber }
          : {}),
      },
      pki,
      clock(deps),
      problems,
    );
  }
  if (problems.length > 0 || !procedure || !ward || !applicant || !form) return { problems };
  if (certificate === 'required' && !signer) return { problems };
  return {
    problems,
    checked: {
      procedure,
      ward,
      applicant,
      form,
      attachedDocumentCodes,
      ...(signer ? { signer } : {}),
    },
  };
}

/**
 * The problems the service finds in a raw application (the API adds them to the contract's shape
 * problems, so that all come back in one answer); the certificate is checked when one is sent.
 */
export async function applicationProblems(
  deps: ApplicationServiceDeps,
  raw: unknown,
): Promise<FieldProblem[]> {
  try {
    const sent = isRecord(raw) && raw.signerCertificatePem !== undefined;
    return (await checkApplication(deps, raw, sent ? 'required' : 'skip')).problems;
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

export async function prepareApplication(
  deps: ApplicationServiceDeps,
  input: PrepareApplicationInput,
): Promise<PreparedApplication> {
  const now = clock(deps);
  try {
    const { problems, checked } = await checkApplication(deps, input, 'required');
    if (!checked?.signer) throw validationFailed(problems);
    const { procedure, ward, applicant, form, attachedDocumentCodes, signer } = checked;
    // Unrevoked when signing: a licensed CA's OCSP responder or CRL (revocation-check.ts).
    const pki = await loadPki();
    if (!pki) throw new ApplicationError('DEPENDENCY_UNAVAILABLE', say('pki.notSetUp'));
    await checkSignerNotRevoked(signer, pki, now);

    const department = getUnit(procedure.departmentCode);
    if (!department) throw new Error(`the catalogue has no unit ${procedure.departmentCode}`);
    const rendered = await renderDocument('APPLICATION_FORM', {
      applicant,
      procedure,
      ward,
      department,
      form,
      attachedDocumentCodes,
      issuedAt: now,
    });
    if (!rendered.signatureFields.some((f) => f.name === FIELD_NAMES.applicant))
      throw new Error('the application form has no applicant signature field');
    let prepared;
    try {
      prepared = await prepareSignature(rendered.pdf, {
        signerCertificatePem: signer.certificatePem,
        chainPems: signer.chainPems,
        fieldName: FIELD_NAMES.applicant,
        signingTime: now,
        reason: `${rendered.title} — ${procedure.code}`,
        location: ward.name,
      });
    } catch (err) {
      if (isSigningError(err, 'INVALID_CERTIFICATE') || isSigningError(err, 'UNSUPPORTED_KEY'))
        throw validationFailed([
          problemAt(PrepareApplicationRequest, [CERTIFICATE_FIELD], 'certificate.notPem'),
        ]);
      throw err;
    }
    // Signing only appends: the unsigned form is the prefix of the prepared PDF.
    if (!unsignedForm(prepared.state, rendered.pdf.length).equals(Buffer.from(rendered.pdf)))
      throw new Error('the prepared PDF does not start with the rendered form');

    const applicationId = crypto.randomBytes(16).toString('base64url');
    const expiresAt = new Date(now.getTime() + APPLICATION_TTL_MS);
    await ApplicationModel.create({
      _id: applicationId,
      status: 'PREPARED',
      procedureCode: procedure.code,
      wardCode: ward.code,
      input: JSON.stringify({
        procedureCode: procedure.code,
        wardCode: ward.code,
        applicant,
        form,
        attachedDocumentCodes,
      }),
      signingState: prepared.state as unknown as Record<string, unknown>,
      formPdfLength: rendered.pdf.length,
      formTitle: rendered.title,
      signer: { name: signer.name, idNumber: signer.idNumber, certificateSha256: signer.sha256 },
      signingTime: new Date(prepared.state.signingTime),
      expiresAt,
      code: null,
      submittedAt: null,
    });
    return {
      applicationId,
      toBeSigned: prepared.toBeSigned.toString('base64'),
      digestAlgorithm: 'SHA-256',
      expiresAt: toVnIsoString(expiresAt),
      formPdf: Buffer.from(rendered.pdf),
      formTitle: rendered.title,
    };
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}

/** The unsigned form of a prepared application (what `formPdfUrl` serves). */
export async function readApplicationForm(
  deps: ApplicationServiceDeps,
  applicationId: string,
): Promise<{ pdf: Buffer; fileName: string; title: string }> {
  try {
    const app =
      typeof applicationId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(applicationId)
        ? await ApplicationModel.findById(applicationId).lean()
        : null;
    if (!app || app.status !== 'PREPARED' || !app.signingState || app.expiresAt <= clock(deps))
      throw new ApplicationError('NOT_FOUND', say('application.notFound'));
    return {
      pdf: unsignedForm(app.signingState as unknown as SigningState, app.formPdfLength),
      fileName: `application-form-${applicationId}.pdf`,
      title: app.formTitle,
    };
  } catch (err) {
    throw asApplicationError(err, 'database');
  }
}
