import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, ZodValidationPipe } from '@waybill/service-kit';
import { ApiKeySummary, ApiKeysService } from '../api-keys/api-keys.service';
import { Access, CurrentPrincipal } from '../policy/access.decorator';
import { Principal } from '../principal';
import { CreateApiKeyRequest, IdParam } from './access-requests';

const view = (key: ApiKeySummary) => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});

@ApiTags('admin')
@Controller('admin/api-keys')
@Access(['admin'])
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates an integration key. `key` is in this answer only: it is stored as a hash. */
  @Post()
  @ApiZodBody(CreateApiKeyRequest)
  @ApiCreatedResponse({ description: 'The key summary and, once, the key' })
  async create(
    @Body(new ZodValidationPipe(CreateApiKeyRequest)) body: z.infer<typeof CreateApiKeyRequest>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const createdBy = principal.kind === 'staff' ? principal.userId : undefined;
    const { summary, key } = await this.keys.create({ ...body, createdBy });
    response.setHeader('Cache-Control', 'no-store');
    return { ...view(summary), key };
  }

  @Get()
  async list() {
    return { apiKeys: (await this.keys.list()).map(view) };
  }

  /** Revokes a key at once: the next request with it gets a 401. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(@Param('id', new ZodValidationPipe(IdParam, 'id')) id: string): Promise<void> {
    if (!(await this.keys.revoke(id))) throw new NotFoundException({ statusCode: 404, message: 'no such API key' });
  }
}
