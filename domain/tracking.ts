/**
 * Where an applicant follows a case. The address printed on documents, SMS and e-mails is
 * `<base>/tra-cuu?MHS=<dossier code>` (the national portal's convention; `/tra-cuu` serves the
 * tracking page). The link sent to the applicant adds the tracking token in the URL fragment,
 * `#t=<token>`: browsers never send a fragment to a server nor put it in a Referer, so the token
 * stays out of server logs and referrers, and the tracking page moves it out of the address bar
 * into the tab's sessionStorage.
 */

/** `<base>/tra-cuu?MHS=<code>`. */
export function trackingLink(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/tra-cuu?MHS=${encodeURIComponent(code)}`;
}

/** The applicant's own link: the tracking address with the token in the fragment. */
export function applicantTrackingLink(publicBaseUrl: string, code: string, token: string): string {
  return `${trackingLink(publicBaseUrl, code)}#t=${encodeURIComponent(token)}`;
}
