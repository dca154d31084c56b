import { applyDecorators, INestApplication } from '@nestjs/common';
import { ApiBody, ApiQuery, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/**
 * The JSON Schema of a zod schema, for OpenAPI: the request validator and its docs are one thing.
 * In the OpenAPI 3.0 dialect the document declares (boolean `exclusiveMinimum`, `nullable`), so
 * clients and fuzzers (schemathesis in CI) read it as written.
 */
export function jsonSchemaOf(schema: z.ZodType): SchemaObject {
  const { $schema: _ignored, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
  return jsonSchema as SchemaObject;
}

/** Documents a request body with the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator {
  return ApiBody({ schema: jsonSchemaOf(schema), description });
}

/** Documents each query parameter with the same zod schema that validates it. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) =>
      ApiQuery({
        name,
        required: !(field as z.ZodType).safeParse(undefined).success,
        description: (field as z.ZodType).description,
        schema: jsonSchemaOf(field as z.ZodType),
      }),
    ),
  );
}

/** OpenAPI at /api/docs (UI) and /api/docs-json, built from the routes the process hosts. */
export function setUpOpenApi(app: INestApplication, title: string): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription('Waybill REST API: shipments, scans, tracking, SLA reports and notifications.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
}
