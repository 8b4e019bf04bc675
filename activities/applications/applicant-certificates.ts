/**
 * `POST /api/applicant-certificates`: the deployment's citizens CA certifies an applicant's public
 * key. Development only: in production applicants bring certificates from a licensed CA.
 */
import crypto from 'node:crypto';
import { loadPki } from '../pki';
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
import { isRecord, normalizeStrings, validateFullName, validateIdNumber } from './validation';

const MAX_KEY_PEM = 16 * 1024;

function publicKeyOf(raw: unknown, problems: FieldProblem[]): crypto.KeyObject | undefined {
  const field = 'publicKeyPem';
  if (typeof raw !== 'string' || raw === '') {
    problems.push({ field, message: 'is required (SPKI PEM, "-----BEGIN PUBLIC KEY-----")' });
    return undefined;
  }
  const block = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\s*$/;
  if (raw.length > MAX_KEY_PEM || !block.test(raw)) {
    problems.push({ field, message: 'must be one public key in SPKI PEM ("BEGIN PUBLIC KEY")' });
    return undefined;
  }
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey({ key: raw, format: 'pem', type: 'spki' });
  } catch {
    problems.push({ field, message: 'cannot be read as a public key' });
    return undefined;
  }
  const issue = keyProblem(key);
  if (issue) {
    problems.push({ field, message: issue });
    return undefined;
  }
  return key;
}

export async function issueApplicantCertificate(
  deps: ApplicationServiceDeps,
  input: ApplicantCertificateInput,
): Promise<ApplicantCertificate> {
  if (!deps.config.demo.enabled) {
    throw new ApplicationError(
      'FORBIDDEN',
      'This deployment does not issue certificates: use one from a licensed certification authority.',
    );
  }
  if (!isRecord(input)) throw validationFailed([{ field: '', message: 'must be a JSON object' }]);
  const n = normalizeStrings(input as unknown as Record<string, unknown>);
  const problems: FieldProblem[] = [];
  // The same rules as the applicant of an application.
  const fullName = validateFullName(n.fullName, 'fullName', problems);
  const idNumber = validateIdNumber(n.idNumber, 'idNumber', problems);
  const publicKey = publicKeyOf(
    typeof input.publicKeyPem === 'string' ? input.publicKeyPem.trim() : input.publicKeyPem,
    problems,
  );
  for (const key of Object.keys(n)) {
    if (!['fullName', 'idNumber', 'publicKeyPem'].includes(key))
      problems.push({ field: key, message: 'is not a field of the request' });
  }
  if (problems.length > 0 || !fullName || !idNumber || !publicKey) throw validationFailed(problems);

  try {
    const pki = await loadPki();
    if (!pki) {
      throw new ApplicationError(
        'DEPENDENCY_UNAVAILABLE',
        'The certification authorities have not been set up yet.',
      );
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
      throw new ApplicationError('FORBIDDEN', 'This deployment has no citizens CA.');
    if (isSigningError(err, 'UNSUPPORTED_KEY'))
      throw validationFailed([{ field: 'publicKeyPem', message: err.message }]);
    throw asApplicationError(err, 'The database');
  }
}
