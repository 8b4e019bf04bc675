// Signing in the browser, shared by the filing page and the officials' page (window.MotCuaSign).
//
// - A PKCS#12 file (.p12/.pfx) opened here with node-forge's browser build (/vendor/forge.min.js):
//   its key is imported into WebCrypto as non-extractable and signs `toBeSigned`; neither the file
//   nor the key leaves the page.
// - A token (USB) through its vendor's signing plugin. A plugin is adapted to this interface by a
//   small bridge script the deployment serves next to this one, which registers itself with
//   `window.MotCuaSign.registerTokenPlugin(adapter)` (or, loaded earlier, pushes it onto
//   `window.MotCuaTokenPlugins`):
//
//     adapter = {
//       name: 'VNPT-CA Plugin',                       // shown to the signer
//       async certificates() { return [{ certificatePem, label }]; },  // leaf first, chain after
//       async sign({ certificatePem, toBeSigned, digestAlgorithm }) {
//         // toBeSigned: base64 DER signed attributes, one per document; digestAlgorithm 'SHA-256'
//         // returns base64 signature values in the same order (RSA PKCS#1 v1.5, ECDSA DER or r||s)
//       },
//     };
//
//   Vendors' plugins listen on a local port: the deployment adds that origin to the CSP's
//   connect-src (api/routes/web.ts). See docs/signing.md.
'use strict';

(() => {
  const plugins = [];

  const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
  const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const binaryToBytes = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

  /** Opens a PKCS#12 file; answers { certificatePem (leaf then chain), sign(toBeSignedB64) }. */
  async function openPkcs12(file, password) {
    const forge = window.forge;
    if (!forge) throw new Error('Không tải được thư viện mở tệp chứng thư số.');
    const raw = new Uint8Array(await file.arrayBuffer());
    let p12;
    try {
      const asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(raw));
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    } catch {
      throw new Error('Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp bị hỏng.');
    }
    const keyBags = [
      ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
        forge.pki.oids.pkcs8ShroudedKeyBag
      ] || []),
      ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] || []),
    ];
    const certs = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] || [])
      .map((b) => (b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1))
      .filter(Boolean)
      .map((asn1) => forge.asn1.toDer(asn1).getBytes());
    const bag = keyBags[0];
    if (!bag || certs.length === 0) throw new Error('Tệp không có khóa ký và chứng thư số.');
    // PKCS#8 of the key: RSA keys forge parses; others (EC P-256) stay as the bag's ASN.1.
    const pkcs8 = bag.key
      ? forge.asn1
          .toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)))
          .getBytes()
      : forge.asn1.toDer(bag.asn1).getBytes();
    const algorithm = bag.key
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
    let key;
    try {
      key = await crypto.subtle.importKey('pkcs8', binaryToBytes(pkcs8), algorithm, false, [
        'sign',
      ]);
    } catch {
      throw new Error('Khóa trong tệp không phải RSA hoặc ECDSA P-256.');
    }
    // The leaf is the certificate whose public key is the key's: forge tells for RSA; for EC the
    // first certificate of the file (the usual order).
    let leafIndex = 0;
    if (bag.key) {
      const found = certs.findIndex((der) => {
        const c = forge.pki.certificateFromAsn1(forge.asn1.fromDer(der));
        return c.publicKey.n && c.publicKey.n.equals(bag.key.n);
      });
      if (found >= 0) leafIndex = found;
    }
    const ordered = [certs[leafIndex], ...certs.filter((_, i) => i !== leafIndex)];
    const certificatePem = ordered
      .map((der) =>
        forge.pki.certificateToPem(forge.pki.certificateFromAsn1(forge.asn1.fromDer(der))),
      )
      .join('');
    const signAlgorithm = bag.key
      ? { name: 'RSASSA-PKCS1-v1_5' }
      : { name: 'ECDSA', hash: 'SHA-256' };
    return {
      certificatePem,
      async sign(toBeSignedB64) {
        return b64(await crypto.subtle.sign(signAlgorithm, key, unb64(toBeSignedB64)));
      },
    };
  }

  /** Registers a token plugin adapter (see the interface above). */
  function registerTokenPlugin(adapter) {
    if (adapter && typeof adapter.sign === 'function' && typeof adapter.certificates === 'function')
      plugins.push(adapter);
  }

  /** The first token plugin present, or an error a signer understands. */
  function tokenPlugin() {
    const plugin = plugins[0];
    if (!plugin)
      throw new Error(
        'Không tìm thấy phần mềm ký số của token trên máy này; hãy cài và mở phần mềm của nhà cung cấp, rồi tải lại trang.',
      );
    return plugin;
  }

  // A bridge loaded before this script may have queued its adapter here.
  for (const adapter of window.MotCuaTokenPlugins || []) registerTokenPlugin(adapter);
  window.MotCuaSign = { openPkcs12, registerTokenPlugin, tokenPlugin, b64, unb64 };
})();
