import { Body, ConflictException, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiZodBody, ZodValidationPipe } from '@waybill/service-kit';
import { Access } from '../policy/access.decorator';
import { EmailTakenError, StaffUser, StaffUsersService } from '../users/staff-users.service';
import { CreateUserRequest } from './access-requests';

const view = (user: StaffUser) => ({ id: user.id, email: user.email, role: user.role, createdAt: user.createdAt.toISOString() });

@ApiTags('admin')
@Controller('admin/users')
@Access(['admin'])
export class StaffUsersController {
  constructor(private readonly users: StaffUsersService) {}

  /** Creates a staff user. Without a password in the body, one is generated and returned once. */
  @Post()
  @ApiZodBody(CreateUserRequest)
  @ApiCreatedResponse({ description: 'The user; `password` only when it was generated' })
  @ApiConflictResponse({ description: 'A user with this email exists' })
  async create(
    @Body(new ZodValidationPipe(CreateUserRequest)) body: z.infer<typeof CreateUserRequest>,
    @Res({ passthrough: true }) response: Response,
  ) {
    try {
      const { user, generatedPassword } = await this.users.create(body);
      response.setHeader('Cache-Control', 'no-store');
      return generatedPassword ? { ...view(user), password: generatedPassword } : view(user);
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ConflictException({ statusCode: 409, message: error.message });
      throw error;
    }
  }

  @Get()
  async list() {
    return { users: (await this.users.list()).map(view) };
  }
}
