/* global window, crypto, atob, btoa */
// TEST DOUBLE of a vendor's token signing plugin, for the browser tests only: it holds a
// WebCrypto key instead of talking to a USB token, and answers through the adapter interface
// web/signing.js documents. Injected before the page's scripts with `window.__TOKEN_DOUBLE__`
// = { jwk, certificatePem } set first.
(() => {
  const { jwk, certificatePem } = window.__TOKEN_DOUBLE__;
  const key = crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]);
  window.MotCuaTokenPlugins = [
    {
      name: 'Test double of a vendor token plugin',
      certificates: async () => [{ certificatePem, label: 'Token thử nghiệm' }],
      sign: async ({ toBeSigned }) => {
        const k = await key;
        const out = [];
        for (const t of toBeSigned) {
          const data = Uint8Array.from(atob(t), (c) => c.charCodeAt(0));
          const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, k, data);
          out.push(btoa(String.fromCharCode(...new Uint8Array(sig))));
        }
        return out;
      },
    },
  ];
})();
