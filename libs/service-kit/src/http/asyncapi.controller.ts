import { Controller, Get, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@waybill/contracts';

const document = buildAsyncApiDocument();

/** `GET /api/v1/asyncapi.json`: the Kafka topics and events, generated from libs/contracts. */
@ApiExcludeController()
@Controller('asyncapi.json')
export class AsyncApiController {
  @Get()
  asyncApi() {
    return document;
  }
}

@Module({ controllers: [AsyncApiController] })
export class AsyncApiModule {}
