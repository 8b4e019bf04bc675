/**
 * Distinguished names: the subject profiles of this deployment and a parser that reads any
 * X.501 Name back into friendly fields.
 */
import { type Asn1, oid, printable, seq, set, utf8 } from '../asn1/build';
import { type DerNode, child, readOid, readString } from '../asn1/der';
import { OID } from '../asn1/oids';

/** One attribute of a distinguished name. */
export interface NameAttribute {
  readonly oid: string;
  /** Short name (CN, O, OU, title, serialNumber, UID, C, ST, L, ...) or the OID. */
  readonly type: string;
  readonly value: string;
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.serialNumber]: 'serialNumber',
  [OID.countryName]: 'C',
  [OID.localityName]: 'L',
  [OID.stateOrProvinceName]: 'ST',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.title]: 'title',
  [OID.givenName]: 'GN',
  [OID.organizationIdentifier]: 'organizationIdentifier',
  [OID.userId]: 'UID',
  [OID.emailAddress]: 'E',
};

const OID_BY_SHORT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SHORT_NAMES).map(([k, v]) => [v, k]),
);

/** Attributes that RFC 5280 wants as PrintableString. */
const PRINTABLE = new Set<string>([OID.countryName, OID.serialNumber]);

/** Friendly view of a subject or issuer. */
export interface NameInfo {
  readonly attributes: readonly NameAttribute[];
  readonly commonName?: string;
  readonly organization?: string;
  readonly organizationalUnit?: string;
  readonly title?: string;
  readonly serialNumber?: string;
  readonly userId?: string;
  readonly country?: string;
  /** RFC 4514-style string, most significant first as written (C=VN, O=..., CN=...). */
  readonly text: string;
}

/** Builds a Name (RDNSequence, one attribute per RDN) in the order given. */
export function buildName(attributes: ReadonlyArray<{ type: string; value: string }>): Asn1 {
  return seq(
    attributes.map(({ type, value }) => {
      const dotted = OID_BY_SHORT[type] ?? type;
      if (!/^\d+(\.\d+)+$/.test(dotted)) throw new Error(`unknown name attribute ${type}`);
      const v = value.normalize('NFC');
      return set([seq([oid(dotted), PRINTABLE.has(dotted) ? printable(v) : utf8(v)])]);
    }),
  );
}

/** Reads a Name. */
export function parseName(name: DerNode): NameInfo {
  const attributes: NameAttribute[] = [];
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const id = readOid(child(atv, 0));
      let value: string;
      try {
        value = readString(child(atv, 1)).normalize('NFC');
      } catch {
        value = `#${child(atv, 1).raw.toString('hex')}`;
      }
      attributes.push({ oid: id, type: SHORT_NAMES[id] ?? id, value });
    }
  }
  const first = (id: string): string | undefined => attributes.find((a) => a.oid === id)?.value;
  const text = attributes.map((a) => `${a.type}=${escapeRdn(a.value)}`).join(', ');
  return {
    attributes,
    commonName: first(OID.commonName),
    organization: first(OID.organizationName),
    organizationalUnit: first(OID.organizationalUnitName),
    title: first(OID.title),
    serialNumber: first(OID.serialNumber),
    userId: first(OID.userId),
    country: first(OID.countryName),
    text,
  };
}

function escapeRdn(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, '\\$1');
}

/** Subject of an official's personal signing certificate. */
export interface OfficialSubject {
  /** Full name as shown on documents, e.g. "NGUYỄN VĂN A". */
  readonly fullName: string;
  /** Position, e.g. "Phó Chủ tịch". */
  readonly title: string;
  /** Organisation, e.g. "Ủy ban nhân dân phường Sài Gòn". */
  readonly organization: string;
  /** Optional sub-unit, e.g. "Bộ phận Một cửa". */
  readonly organizationalUnit?: string;
  /** Province/city, e.g. "Thành phố Hồ Chí Minh". */
  readonly province?: string;
  /** Optional 12-digit identity number (written as UID "CCCD:..."). */
  readonly idNumber?: string;
}

/** Subject of an organisation seal certificate. */
export interface SealSubject {
  /** Organisation name, e.g. "Sở Xây dựng". */
  readonly organization: string;
  readonly organizationalUnit?: string;
  readonly province?: string;
  /** Optional registry identifier of the organisation (organizationIdentifier). */
  readonly organizationIdentifier?: string;
}

/** Subject of an applicant (citizen) certificate. */
export interface ApplicantSubject {
  readonly fullName: string;
  /** 12-digit citizen identity number (CCCD). */
  readonly idNumber: string;
  readonly province?: string;
}

/** Validates a 12-digit citizen identity number. */
export function assertIdNumber(id: string): void {
  if (!/^\d{12}$/.test(id)) throw new Error('the identity number must have exactly 12 digits');
}

export function officialName(s: OfficialSubject): Array<{ type: string; value: string }> {
  if (s.idNumber !== undefined) assertIdNumber(s.idNumber);
  return [
    { type: 'C', value: 'VN' },
    ...(s.province ? [{ type: 'ST', value: s.province }] : []),
    { type: 'O', value: s.organization },
    ...(s.organizationalUnit ? [{ type: 'OU', value: s.organizationalUnit }] : []),
    { type: 'title', value: s.title },
    { type: 'CN', value: s.fullName },
    ...(s.idNumber ? [{ type: 'UID', value: `CCCD:${s.idNumber}` }] : []),
  ];
}

export function sealName(s: SealSubject): Array<{ type: string; value: string }> {
  return [
    { type: 'C', value: 'VN' },
    ...(s.province ? [{ type: 'ST', value: s.province }] : []),
    { type: 'O', value: s.organization },
    ...(s.organizationalUnit ? [{ type: 'OU', value: s.organizationalUnit }] : []),
    ...(s.organizationIdentifier
      ? [{ type: 'organizationIdentifier', value: s.organizationIdentifier }]
      : []),
    { type: 'CN', value: s.organization },
  ];
}

export function applicantName(s: ApplicantSubject): Array<{ type: string; value: string }> {
  assertIdNumber(s.idNumber);
  return [
    { type: 'C', value: 'VN' },
    ...(s.province ? [{ type: 'ST', value: s.province }] : []),
    { type: 'CN', value: s.fullName },
    { type: 'serialNumber', value: `CCCD:${s.idNumber}` },
  ];
}
