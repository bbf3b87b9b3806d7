// One token source for every server client (ARCHITECTURE rule 5): mail,
// calendar, files and documents ask here, never the identity provider.
export type ServiceName = 'mail' | 'calendar' | 'files' | 'documents';

export interface TokenSource {
  /** A valid access token for the service, refreshed first if it is about to expire. */
  accessToken(service: ServiceName): Promise<string>;
  /**
   * The server refused `rejected` (401): refresh once and return the new token.
   * Rejects with AppError('auth.reauth_required') when the session cannot be
   * renewed; the core then asks the user to sign in again, keeping the cache.
   */
  renew(service: ServiceName, rejected: string): Promise<string>;
}

/**
 * Runs a server request with the service's token; on 401, refresh once and
 * retry once. A second 401 propagates as the request's own error.
 */
export async function withToken<T>(
  tokens: TokenSource,
  service: ServiceName,
  request: (token: string) => Promise<T>,
  isUnauthorized: (err: unknown) => boolean,
): Promise<T> {
  const token = await tokens.accessToken(service);
  try {
    return await request(token);
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    const renewed = await tokens.renew(service, token);
    return request(renewed);
  }
}
