// Minimal types for the parts of oidc-provider 9 the stack uses (the package ships none).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
    clientAuthMethod: string;
    grantTypeAllowed(grant: string): boolean;
  }

  export interface TokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
    scope?: string;
  }

  export interface KoaContextLike {
    oidc: {
      client?: OidcClient;
      params?: Record<string, unknown>;
      provider: Provider;
    };
    host: string;
    type: string;
    body: string;
  }

  /** The Koa context a provider.use() middleware sees. */
  export interface KoaMiddlewareContext {
    path: string;
    method: string;
    status: number;
    body: unknown;
  }

  export interface AccountLike {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: {
      name: string;
      reasons: string[];
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
    };
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }

  export class Grant {
    constructor(init: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export type InteractionResult =
    | { login: { accountId: string; remember?: boolean } }
    | { consent: { grantId: string } }
    | { error: string; error_description?: string };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResult,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    Grant: typeof Grant;
    on(event: string, listener: (...args: unknown[]) => void): void;
    use(middleware: (ctx: KoaMiddlewareContext, next: () => Promise<void>) => Promise<void>): void;
    proxy: boolean;
  }
}
