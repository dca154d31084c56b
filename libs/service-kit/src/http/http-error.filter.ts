import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { isTransientDatabaseError } from '@waybill/messaging';
import { NUL_REASON } from './nul-characters';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Every error leaves as JSON with a 4xx/5xx code and never with a stack trace: body-parser
 * failures (bad JSON, too large, wrong charset) become 400/413/415 with a field and a reason.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body: Record<string, unknown> = typeof raw === 'string' ? { statusCode: status, message: raw } : { ...raw };
      // Every 400 carries a `{field, reason}` list, including Nest's own (a body that is not JSON).
      if (status === 400 && !Array.isArray(body.errors)) {
        const message = String(body.message ?? 'bad request');
        const reason = /JSON/.test(message) ? `is not valid JSON (${message})` : message;
        body.errors = [{ field: 'body', reason }];
        body.message = 'Validation failed';
      }
      response.status(status).json(body);
      return;
    }
    const parserError = exception as BodyParserError;
    // body-parser reports a failed `verify` (refuseNulInJsonBody) as entity.verify.failed.
    if (parserError?.type === 'entity.parse.failed' || parserError?.message === NUL_REASON) {
      response.status(400).json({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: [{ field: 'body', reason: parserError.message === NUL_REASON ? NUL_REASON : 'is not valid JSON' }],
      });
      return;
    }
    if (parserError?.type === 'entity.too.large') {
      response.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'request body is too large' });
      return;
    }
    if (parserError?.status && parserError.status >= 400 && parserError.status < 500) {
      response.status(parserError.status).json({ statusCode: parserError.status, message: 'request rejected' });
      return;
    }
    if (isTransientDatabaseError(exception)) {
      // Still a deadlock or a lost connection after retries: nothing is committed, try again.
      response.setHeader('Retry-After', '1');
      response.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: 'busy, retry shortly' });
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error' });
  }
}
