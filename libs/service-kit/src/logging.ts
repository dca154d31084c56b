import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** Structured JSON logs (pino); request logs carry an id and never a body or a secret. */
export function loggingModule(level: string, name: string): DynamicModule {
  return LoggerModule.forRoot({
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      name,
      autoLogging: false,
      // Credentials never reach the logs: staff tokens, integration keys, tracking and opt-out tokens.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'req.query.token'],
    },
  });
}
