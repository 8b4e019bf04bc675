/**
 * The browser UI (`web/`): static files served by the API, with the Tinos fonts the PDFs use so
 * that Vietnamese renders the same on any machine. A strict Content-Security-Policy: only our own
 * scripts, styles and fonts.
 */
import path from 'node:path';
import express, { Router } from 'express';
import { fontPath, type FontStyle } from '../../templates/fonts';
import { openApiDocument } from '../../contract/openapi';
import { OPERATIONS } from '../../contract/operations';
import { mount } from '../route';

export const WEB_DIR = path.resolve(__dirname, '..', '..', 'web');
const FORGE_BROWSER_BUILD = path.join(
  path.dirname(require.resolve('node-forge/package.json')),
  'dist',
  'forge.min.js',
);
// The package's exports name no UMD build: it lies beside the CommonJS entry, in dist/.
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const FONTS: Record<string, FontStyle> = {
  'tinos-regular.ttf': 'regular',
  'tinos-bold.ttf': 'bold',
  'tinos-italic.ttf': 'italic',
};

export function webRoutes(publicBaseUrl: string): Router {
  const router = Router();
  const openApi = openApiDocument(publicBaseUrl);
  mount(router, OPERATIONS.openapi, (_input, _req, res) => {
    res.json(openApi);
  });
  router.get('/api/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.sendFile(path.join(WEB_DIR, 'api-docs.html'));
  });
  router.use((req, res, next) => {
    if (!req.path.startsWith('/api/')) res.setHeader('Content-Security-Policy', CSP);
    next();
  });
  // node-forge's browser build (a dependency already): PKCS#12 files open in the page.
  router.get('/vendor/forge.min.js', (_req, res) => {
    res.sendFile(FORGE_BROWSER_BUILD, { maxAge: '7d' });
  });
  router.get('/fonts/:file', (req, res, next) => {
    const style = FONTS[req.params.file];
    if (!style) {
      next();
      return;
    }
    res.sendFile(fontPath(style), {
      headers: { 'Content-Type': 'font/ttf' },
      maxAge: '7d',
    });
  });
  // The charting library of the supervisors' page, from its npm package (no CDN; its UMD build
  // needs neither eval nor inline styles, so the CSP above holds).
  router.get('/vendor/chart.umd.min.js', (_req, res) => {
    res.sendFile(CHART_JS, { headers: { 'Content-Type': 'text/javascript' }, maxAge: '7d' });
  });
  router.use(express.static(WEB_DIR, { index: 'index.html', maxAge: '5m' }));
  return router;
}
