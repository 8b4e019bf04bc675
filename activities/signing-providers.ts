/**
 * The remote signing services of the deployment (`SIGNING_PROVIDERS`): one CSC API client per
 * provider, with its OAuth2 client (tokens cached per process). Who signs where is in each
 * official's profile (`signingMethod`); citizens pick a provider on the filing page.
 */
import type { SigningProviderConfig } from '../runtime/config';
import { CscClient, OAuth2Client } from '../signing';

export interface SigningProvider {
  id: string;
  name: string;
  client: CscClient;
}

const clients = new Map<string, { key: string; provider: SigningProvider }>();

function keyOf(p: SigningProviderConfig): string {
  return JSON.stringify([p.url, p.oauth2?.tokenUrl, p.oauth2?.clientId, p.oauth2?.clientSecret]);
}

/** The provider `id` of this configuration, or null. */
export function signingProvider(
  providers: readonly SigningProviderConfig[],
  id: string,
): SigningProvider | null {
  const config = providers.find((p) => p.id === id);
  if (!config) return null;
  const cached = clients.get(id);
  if (cached?.key === keyOf(config)) return cached.provider;
  const client = new CscClient({
    baseUrl: config.url,
    auth: config.oauth2
      ? { type: 'oauth2', client: new OAuth2Client(config.oauth2) }
      : { type: 'none' },
  });
  const provider = { id: config.id, name: config.name, client };
  clients.set(id, { key: keyOf(config), provider });
  return provider;
}

/** What a page may show of the providers: ids and names, never URLs or credentials. */
export function publicProviders(
  providers: readonly SigningProviderConfig[],
): Array<{ id: string; name: string }> {
  return providers.map((p) => ({ id: p.id, name: p.name }));
}
