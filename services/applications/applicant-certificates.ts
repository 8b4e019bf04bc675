/**
 * `POST /api/applicant-certificates`: the deployment's citizens CA certifies an applicant's public
 * key. Development only: in production applicants bring certificates from a licensed CA.
 */
import crypto from 'node:crypto';
import { say } from '../../contract/messages';
import { problemAt } from '../../contract/problems';
import { ApplicantCertificateRequest } from '../../contract/schemas';
import { loadPki } from '../../activities/pki';
import { issueCertificate, isSigningError, parseKek } from '../../signing';
import {
  ApplicationError,
  asApplicationError,
  type FieldProblem,
  validationFailed,
} from './errors';
import { keyProblem } from './signer-certificate';
import {
  clock,
  type ApplicantCertificate,
  type ApplicantCertificateInput,
  type ApplicationServiceDeps,
} from './types';
import {
  isRecord,
  normalizeStrings,
  validateFullName,
  validateIdNumber,
} from '../../activities/applications/validation';

const MAX_KEY_PEM = 16 * 1024;

const at = (path: Array<string | number>) => ({ schema: ApplicantCertificateRequest, path });

function publicKeyOf(raw: unknown, problems: FieldProblem[]): crypto.KeyObject | undefined {
  const add = (key: Parameters<typeof problemAt>[2], params?: Record<string, string | number>) =>
    problems.push(problemAt(ApplicantCertificateRequest, ['publicKeyPem'], key, params));
  if (typeof raw !== 'string' || raw === '') {
    add('rule.required');
    return undefined;
  }
  const block = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;
  if (raw.length > MAX_KEY_PEM || !block.test(raw)) {
    add('rule.format');
    return undefined;
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: raw, format: 'pem', type: 'spki' });
  } catch {
    add('field.publicKeyUnreadable');
    return undefined;
  }
  const issue = keyProblem(key);
  if (issue) {
    add(issue.key, issue.params);
    return undefined;
  }
  return key;
}

export async function issueApplicantCertificate(
  deps: ApplicationServiceDeps,
  input: ApplicantCertificateInput,
): Promise<ApplicantCertificate> {
  if (!deps.config.demo.enabled) {
    throw new ApplicationError('FORBIDDEN', say('application.certificatesOff'));
  }
  if (!isRecord(input)) throw validationFailed([{ field: '', message: say('field.notAnObject') }]);
  const n = normalizeStrings(input as unknown as Record<string, unknown>);
  const problems: FieldProblem[] = [];
  // The same rules as the applicant of an application.
  const fullName = validateFullName(n.fullName, at(['fullName']), problems);
  const idNumber = validateIdNumber(n.idNumber, at(['idNumber']), problems);
  const publicKey = publicKeyOf(
    typeof input.publicKeyPem === 'string' ? input.publicKeyPem.trim() : input.publicKeyPem,
    problems,
  );
  for (const key of Object.keys(n)) {
    if (!['fullName', 'idNumber', 'publicKeyPem'].includes(key))
      problems.push(problemAt(ApplicantCertificateRequest, [key], 'rule.unknownField'));
  }
  if (problems.length > 0 || !fullName || !idNumber || !publicKey) throw validationFailed(problems);

  try {
    const pki = await loadPki();
    if (!pki) {
      throw new ApplicationError('DEPENDENCY_UNAVAILABLE', say('pki.notSetUp'));
    }
    const issued = issueCertificate(pki, parseKek(deps.config.keyEncryptionKey), {
      profile: 'APPLICANT',
      subject: { fullName, idNumber },
      publicKey,
      now: clock(deps),
    });
    return { certificatePem: issued.certificatePem, chainPem: issued.chainPems.join('') };
  } catch (err) {
    if (isSigningError(err, 'CA_NOT_FOUND'))
      throw new ApplicationError('FORBIDDEN', say('application.noCitizenCa'));
    if (isSigningError(err, 'UNSUPPORTED_KEY'))
      throw validationFailed([
        problemAt(ApplicantCertificateRequest, ['publicKeyPem'], 'certificate.keyType', {
          type: '?',
        }),
      ]);
    throw asApplicationError(err, 'database');
  }
}
