import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonSchemaOf } from '@waybill/service-kit';

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
