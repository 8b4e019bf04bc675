/**
 * The OpenAPI 3.1 document (`GET /api/openapi.json`, browsable at `/api/docs`), generated from the
 * operations and their schemas: what is published is what the server enforces. Named schemas
 * (`.meta({ id })`) become components; every operation has its request and response schemas, its
 * errors, and its example.
 */
import { z } from 'zod';
import { ERROR_STATUS } from '../domain/errors';
import { render, say } from './messages';
import { OPERATIONS, type Operation } from './operations';
import { ErrorBody } from './schemas';

type Json = Record<string, unknown>;

/** Collects named schemas into components while converting. */
class Components {
  readonly schemas: Record<string, Json> = {};

  /** The JSON Schema of `schema`, with named parts as `$ref`s into the components. */
  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const out = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      override: (ctx) => {
        const def = ctx.zodSchema._zod.def as { type?: string };
        // Query values arrive as text; a coerced number is published as what it accepts.
        if (def.type === 'pipe' && io === 'input') delete (ctx.jsonSchema as Json).type;
      },
    }) as Json & { $defs?: Record<string, Json> };
    // Named schemas come back as "$defs" referenced with "#/$defs/<id>": move them to components.
    const moved = JSON.parse(
      JSON.stringify(out).replace(/"#\/\$defs\//g, '"#/components/schemas/'),
    ) as Json & { $defs?: Record<string, Json>; $ref?: string; $schema?: string };
    for (const [name, def] of Object.entries(moved.$defs ?? {})) this.schemas[name] = def;
    delete moved.$defs;
    delete moved.$schema;
    return moved;
  }
}

function parameters(o: Operation, c: Components): Json[] {
  const out: Json[] = [];
  const add = (where: 'path' | 'query' | 'header', shape: z.ZodObject | undefined): void => {
    if (!shape) return;
    const json = c.convert(shape, 'input') as {
      properties?: Record<string, Json>;
      required?: string[];
    };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      out.push({
        name: where === 'header' ? headerName(name) : name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      });
    }
  };
  add('path', o.params);
  add('query', o.query);
  add('header', o.headers);
  if (o.path.includes('{request}')) {
    out.push({ name: 'request', in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

const headerName = (lower: string): string =>
  lower
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-');

function requestBody(o: Operation, c: Components): Json | undefined {
  const b = o.body;
  if (!b) return undefined;
  if (b.kind === 'binary') {
    return {
      required: true,
      content: {
        [b.contentType]: { schema: { type: 'string', format: 'binary', maxLength: b.maxBytes } },
      },
    };
  }
  const schema = c.convert(b.schema, 'input');
  const type = b.kind === 'json' ? 'application/json' : 'multipart/form-data';
  return {
    required: true,
    content: {
      [type]: { schema, ...(o.example?.body !== undefined ? { example: o.example.body } : {}) },
    },
  };
}

function responses(o: Operation, c: Components): Json {
  const out: Json = {};
  for (const [status, a] of Object.entries(o.responses)) {
    const type = a.contentType ?? 'application/json';
    out[status] = {
      description: a.description,
      content: {
        [type]: {
          schema: a.schema
            ? c.convert(a.schema, 'output')
            : type === 'application/json'
              ? {}
              : { type: 'string', format: 'binary' },
        },
      },
    };
  }
  const errorRef = c.convert(ErrorBody, 'output');
  const byStatus = new Map<number, string[]>();
  for (const code of [...o.errors, 'INTERNAL' as const]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    out[String(status)] = {
      description: codes.join(' / '),
      content: {
        'application/json': {
          schema: errorRef,
          example: {
            error: { code: codes[0], message: render(say(`error.${codes[0]}` as never), 'vi') },
          },
        },
      },
      ...(status === 503 || status === 429
        ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds' } } }
        : {}),
    };
  }
  return out;
}

export function openApiDocument(publicBaseUrl: string): Json {
  const c = new Components();
  const paths: Record<string, Record<string, Json>> = {};
  for (const o of Object.values(OPERATIONS) as Operation[]) {
    const entry: Json = {
      operationId: o.operationId,
      tags: [o.tag],
      summary: o.summary,
      ...(o.description ? { description: o.description } : {}),
      ...(o.security === 'bearer' ? { security: [{ bearer: [] }] } : {}),
      ...(o.security === 'bearer-or-tracking'
        ? { security: [{ bearer: [] }, { tracking: [] }] }
        : {}),
      ...(o.security === 'tracking' ? { security: [{ tracking: [] }] } : {}),
      parameters: parameters(o, c),
      ...(o.body ? { requestBody: requestBody(o, c) } : {}),
      responses: responses(o, c),
      ...(o.example ? { 'x-example': o.example } : {}),
    };
    (paths[o.path] ??= {})[o.method] = entry;
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Một cửa điện tử — API dịch vụ công một cửa',
      version: '1',
      description:
        'Hồ sơ được một Temporal workflow đưa qua tiếp nhận, phê duyệt cấp phường và cấp sở, mỗi cán bộ ký số (PAdES). JSON vào và ra, UTF-8, văn bản lưu ở dạng NFC; lỗi có dạng `{"error": {code, message, details}}`, thông báo bằng tiếng Việt (tiếng Anh với `Accept-Language: en`). ' +
        'Dossiers carried by a Temporal workflow through verification, ward and department approval, each official signing (PAdES). Errors are `{"error": {code, message, details}}`, messages in Vietnamese (English with `Accept-Language: en`).',
    },
    servers: [{ url: publicBaseUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Officials: POST /api/auth/login' },
        tracking: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Tracking-Token',
          description: 'Applicants: the tracking token given at submission',
        },
      },
      schemas: c.schemas,
    },
    paths,
  };
}
