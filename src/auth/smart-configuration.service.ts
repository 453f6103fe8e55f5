import { Inject, Injectable, Logger } from '@nestjs/common';
import { TokenVerifier } from './token-verifier';
import { SUPPORTED_SCOPES } from './smart-scopes';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface SmartConfiguration {
  issuer?: string;
  jwks_uri?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  grant_types_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  scopes_supported: string[];
  response_types_supported: string[];
  code_challenge_methods_supported: string[];
  capabilities: string[];
}

const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

/**
 * What SMART clients discover about the service's authorization: the issuer's endpoints
 * (configured, or read from its discovery document) and the scopes the MPI understands.
 * Also the `security` section of the FHIR CapabilityStatement, for the FHIR module.
 */
@Injectable()
export class SmartConfigurationService {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async document(): Promise<SmartConfiguration> {
    const endpoints = await this.endpoints();
    return {
      ...endpoints,
      grant_types_supported: ['client_credentials', 'authorization_code'],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
      scopes_supported: SUPPORTED_SCOPES,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: [
        'client-confidential-asymmetric',
        'client-confidential-symmetric',
        'permission-v1',
        'permission-v2',
        'permission-user',
        'permission-patient',
      ],
    };
  }

  /** CapabilityStatement.rest[0].security. */
  async capabilitySecurity(): Promise<Record<string, unknown>> {
    const endpoints = await this.endpoints();
    const uris = [
      ...(endpoints.token_endpoint ? [{ url: 'token', valueUri: endpoints.token_endpoint }] : []),
      ...(endpoints.authorization_endpoint
        ? [{ url: 'authorize', valueUri: endpoints.authorization_endpoint }]
        : []),
    ];
    return {
      cors: this.config.cors.origins.length > 0,
      service: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
              code: 'SMART-on-FHIR',
            },
          ],
          text: 'OAuth2 bearer tokens (SMART App Launch v2 scopes or MPI roles)',
        },
      ],
      ...(uris.length > 0 ? { extension: [{ url: OAUTH_URIS, extension: uris }] } : {}),
      description: `Bearer JWTs ${endpoints.issuer ? `from ${endpoints.issuer}` : 'signed by the service (development)'}; see /.well-known/smart-configuration`,
    };
  }

  private async endpoints(): Promise<
    Pick<SmartConfiguration, 'issuer' | 'jwks_uri' | 'authorization_endpoint' | 'token_endpoint'>
  > {
    const oidc = this.verifier.settings.oidc;
    if (!oidc || !this.verifier.oidc) return {};
    let discovered: {
      jwks_uri?: string;
      authorization_endpoint?: string;
      token_endpoint?: string;
    } = {};
    if (!oidc.jwksUrl || !oidc.tokenUrl || !oidc.authorizeUrl) {
      discovered = await this.verifier.oidc.issuerMetadata().catch(() => {
        this.logger.warn(
          'issuer discovery failed; smart-configuration lists only configured endpoints',
        );
        return {};
      });
    }
    const pick = (configured: string | null, found: string | undefined): string | undefined =>
      configured ?? found;
    return {
      issuer: oidc.issuer,
      ...defined('jwks_uri', pick(oidc.jwksUrl, discovered.jwks_uri)),
      ...defined(
        'authorization_endpoint',
        pick(oidc.authorizeUrl, discovered.authorization_endpoint),
      ),
      ...defined('token_endpoint', pick(oidc.tokenUrl, discovered.token_endpoint)),
    };
  }
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
