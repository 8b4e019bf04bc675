/**
 * The deployment's OCSP responder and CRLs over HTTP on loopback, for a PKI state file, so that
 * outside validators that fetch revocation data (pyHanko --force-revinfo, pdfsig) reach what the
 * certificates' AIA and CRL distribution points name. The state is read on each request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeploymentOcspResponder,
  type AuthorityPurpose,
  issueCrl,
  loadPkiState,
  parseCertificate,
} from '../../signing';

export interface TrustServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the server on a free loopback port; `stateFile` may not exist yet when it starts. */
export async function startTrustServer(stateFile: () => string, kek: Buffer): Promise<TrustServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (process.env.TRUST_SERVER_LOG) console.error('REQ', req.method, req.url);
      void (async () => {
        const state = await loadPkiState(stateFile());
        if (!state) {
          res.writeHead(503).end();
          return;
        }
        const url = req.url ?? '/';
        // RFC 6960 A.1: POST, or GET with the base64 request in the path (NSS tries GET first).
        const get = /^\/api\/pki\/ocsp\/(.+)$/.exec(url);
        if ((req.method === 'POST' && url === '/api/pki/ocsp') || (req.method === 'GET' && get)) {
          const request = get
            ? Buffer.from(decodeURIComponent(get[1] as string), 'base64')
            : Buffer.concat(chunks);
          const answer = new DeploymentOcspResponder(state, kek).respond(request);
          res.writeHead(200, { 'Content-Type': 'application/ocsp-response' }).end(answer);
          return;
        }
        const crl = /^\/api\/pki\/crl\/(\w+)\.crl$/.exec(url);
        if (crl) {
          const der = issueCrl(state, kek, (crl[1] as string).toUpperCase() as AuthorityPurpose).crl
            .der;
          res.writeHead(200, { 'Content-Type': 'application/pkix-crl' }).end(der);
          return;
        }
        const ca = /^\/api\/pki\/ca\/(\w+)\.cer$/.exec(url);
        const authority = state.authorities.find((a) => a.purpose === ca?.[1]?.toUpperCase());
        if (authority) {
          res.writeHead(200, { 'Content-Type': 'application/pkix-cert' });
          res.end(parseCertificate(authority.certificatePem).der);
          return;
        }
        res.writeHead(404).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
