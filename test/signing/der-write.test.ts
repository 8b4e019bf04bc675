/**
 * The signed attributes and the SignedData written straight as DER (signing/asn1/der-write.ts) are
 * the very bytes the forge-based encoding made (signing/asn1/build.ts), for RSA and ECDSA signers,
 * with and without unsigned attributes, detached and encapsulated (a time-stamp token's).
 */
import crypto from 'node:crypto';
import {
  type Asn1,
  algorithm,
  explicit,
  fromDerExact,
  implicitConstructed,
  int,
  octets,
  oid,
  seq,
  set,
  sortedSetOf,
  toDer,
  uint,
} from '../../signing/asn1/build';
import { OID } from '../../signing/asn1/oids';
import { buildSignedAttributes } from '../../signing/cms/attributes';
import { buildSignedData } from '../../signing/cms/signed-data';
import { type CertificateInfo, parseCertificate } from '../../signing/pki/certificates';
import { type Fixture, createFixture } from './fixtures';

let fx: Fixture;
beforeAll(async () => {
  fx = await createFixture();
});

const serial = (c: CertificateInfo): Asn1 =>
  uint(Buffer.from(c.serialNumber.length % 2 ? `0${c.serialNumber}` : c.serialNumber, 'hex'));

/** The forge-based encoding the DER writer replaced, as it was. */
function forgeSignedAttributes(md: Buffer, cert: CertificateInfo, contentType: string): Buffer {
  const attr = (type: string, values: Asn1[]): Asn1 => seq([oid(type), set(values)]);
  const issuerSerial = seq([seq([explicit(4, fromDerExact(cert.issuerDer))]), serial(cert)]);
  return toDer(
    sortedSetOf([
      attr(OID.contentType, [oid(contentType)]),
      attr(OID.messageDigest, [octets(md)]),
      attr(OID.signingCertificateV2, [seq([seq([seq([octets(cert.sha256), issuerSerial])])])]),
    ]),
  );
}

function forgeSignedData(o: Parameters<typeof buildSignedData>[0]): Buffer {
  const signer = o.signerCertificate;
  const signedAttrsSet = fromDerExact(o.signedAttributesDer);
  const signerInfo = seq([
    int(1),
    seq([fromDerExact(signer.issuerDer), serial(signer)]),
    algorithm(OID.sha256),
    implicitConstructed(0, signedAttrsSet.value as Asn1[]),
    o.keyType === 'EC' ? algorithm(OID.ecdsaWithSha256) : algorithm(OID.rsaEncryption, true),
    octets(o.signature),
    ...(o.unsignedAttributesDer?.length
      ? [
          implicitConstructed(
            1,
            o.unsignedAttributesDer.map((a) => fromDerExact(a)),
          ),
        ]
      : []),
  ]);
  const certSet = sortedSetOf(o.certificates.map((c) => fromDerExact(c.der)));
  const encap = o.encapsulated
    ? seq([oid(o.encapsulated.contentType), explicit(0, octets(o.encapsulated.content))])
    : seq([oid(OID.data)]);
  const signedData = seq([
    int(o.encapsulated ? 3 : 1),
    sortedSetOf([algorithm(OID.sha256)]),
    encap,
    implicitConstructed(0, certSet.value as Asn1[]),
    sortedSetOf([signerInfo]),
  ]);
  return toDer(seq([oid(OID.signedData), explicit(0, signedData)]));
}

it.each([
  ['an official (RSA)', () => fx.ward],
  ['a seal', () => fx.seal],
] as const)('writes the same DER as forge for %s', (_label, who) => {
  const cert = parseCertificate(who().certificatePem);
  const chain = who().chainPems.map((p) => parseCertificate(p));
  for (const contentType of [OID.data, OID.tstInfo]) {
    const md = crypto.randomBytes(32);
    const attrs = buildSignedAttributes({
      messageDigest: md,
      signerCertificate: cert,
      contentType,
    });
    expect(attrs.equals(forgeSignedAttributes(md, cert, contentType))).toBe(true);
    const unsigned = toDer(seq([oid(OID.signatureTimeStampToken), set([octets(md)])]));
    const variants: Array<Parameters<typeof buildSignedData>[0]> = [
      {
        signedAttributesDer: attrs,
        signature: crypto.randomBytes(256),
        signerCertificate: cert,
        certificates: [cert, ...chain],
        keyType: 'RSA',
      },
      {
        signedAttributesDer: attrs,
        signature: crypto.randomBytes(71),
        signerCertificate: cert,
        certificates: [cert],
        keyType: 'EC',
        unsignedAttributesDer: [unsigned],
        encapsulated: { contentType: OID.tstInfo, content: crypto.randomBytes(300) },
      },
    ];
    for (const v of variants) expect(buildSignedData(v).equals(forgeSignedData(v))).toBe(true);
  }
});

it('lengths of every size class are encoded as forge does (short, 1, 2 and 3 bytes)', () => {
  const cert = parseCertificate(fx.ward.certificatePem);
  for (const size of [0, 5, 127, 128, 255, 256, 65535, 70000]) {
    const v = {
      signedAttributesDer: buildSignedAttributes({
        messageDigest: Buffer.alloc(32, 7),
        signerCertificate: cert,
      }),
      signature: Buffer.alloc(size, 0x80),
      signerCertificate: cert,
      certificates: [cert],
      keyType: 'RSA' as const,
    };
    expect(buildSignedData(v).equals(forgeSignedData(v))).toBe(true);
  }
});
