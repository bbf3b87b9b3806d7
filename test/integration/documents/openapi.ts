// Checks real answers against api/documents.openapi.yaml with a JSON Schema
// 2020-12 validator (ajv): the service must answer only with documented
// statuses and bodies of the documented shape.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_FILE = new URL('../../../api/documents.openapi.yaml', import.meta.url);
const BASE_ID = 'https://govdesk.invalid/api/documents.openapi.yaml';

type Json = Record<string, unknown>;

export const spec = parse(readFileSync(SPEC_FILE, 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: BASE_ID });

function pointer(parts: string[]): string {
  return parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

function at(path: string[]): unknown {
  let node: unknown = spec;
  for (const p of path) node = (node as Json | undefined)?.[p];
  return node;
}

/** The JSON schema the spec gives for this answer; throws when the status is not documented. */
function responseSchemaPath(method: string, template: string, status: number): string[] | undefined {
  const responses = at(['paths', template, method.toLowerCase(), 'responses']) as Json | undefined;
  if (!responses) throw new Error(`${method} ${template} is not in the API file`);
  let path = ['paths', template, method.toLowerCase(), 'responses', String(status)];
  let response = responses[String(status)] as Json | undefined;
  if (!response) throw new Error(`${method} ${template} answered ${status}, which the API file does not document`);
  const ref = response.$ref;
  if (typeof ref === 'string') {
    path = ref.replace(/^#\//, '').split('/');
    response = at(path) as Json;
  }
  const content = response.content as Json | undefined;
  if (!content?.['application/json']) return undefined;
  return [...path, 'content', 'application/json', 'schema'];
}

export interface Conformance {
  ok: boolean;
  errors: string;
}

export function checkResponse(method: string, template: string, status: number, body: unknown): Conformance {
  const path = responseSchemaPath(method, template, status);
  if (!path) return { ok: true, errors: '' };
  const validate = ajv.getSchema(`${BASE_ID}#/${pointer(path)}`) ?? ajv.compile({ $ref: `${BASE_ID}#/${pointer(path)}` });
  const ok = validate(body) as boolean;
  return { ok, errors: ok ? '' : ajv.errorsText(validate.errors, { separator: '\n' }) };
}

export function checkRequest(template: string, body: unknown): Conformance {
  const path = ['paths', template, 'post', 'requestBody', 'content', 'application/json', 'schema'];
  const validate = ajv.compile({ $ref: `${BASE_ID}#/${pointer(path)}` });
  const ok = validate(body) as boolean;
  return { ok, errors: ok ? '' : ajv.errorsText(validate.errors, { separator: '\n' }) };
}
