import { Inject, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { FieldError, fieldErrors, validationFailed } from '@waybill/service-kit';
import { IdempotencyService, IdempotentResponse } from '../idempotency/idempotency.service';
import { CreateShipmentRequest } from '../shipments/create-shipment.request';
import { INTAKE } from '../shipments/new-shipment';
import { ShipmentRegistrar } from '../shipments/shipment-registrar';
import { ResponseSettings } from '../shipments/shipment.response';
import { shipmentsCreated } from '../shipments/shipments.service';
import { columnOf, csvRecordToRequest, headerProblems } from './csv-columns';
import { ImportSummary, RowResult, summarize, toRowResult } from './import-results';

export const MAX_CSV_ROWS = 100_000;
export const MAX_CSV_BYTES = 64 * 1024 * 1024;
/** Shipments per transaction in a CSV import: one multi-row insert and one outbox insert each. */
export const CSV_CHUNK = 1000;
export const CSV_PARALLEL_CHUNKS = 3;

export type BatchResponse = ImportSummary & { results: ({ index: number } & RowResult)[] };
export type CsvImportResponse = ImportSummary & { results: ({ line: number } & RowResult)[] };

class CsvHeaderError extends Error {
  constructor(readonly problems: FieldError[]) {
    super('invalid CSV header');
  }
}

function tooLarge(message: string): PayloadTooLargeException {
  return new PayloadTooLargeException({ statusCode: 413, error: 'Payload Too Large', message });
}

/** `POST /shipments/batch` and `POST /shipments/import`: many shipments, one answer per row. */
@Injectable()
export class ShipmentImportsService {
  constructor(
    @InjectDataSource(INTAKE) private readonly dataSource: DataSource,
    @Inject(ShipmentRegistrar) private readonly registrar: ShipmentRegistrar,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  /** Valid rows are committed together, with their events, in one transaction; the others are reported. */
  async batch(
    rows: unknown[],
    idempotencyKey: string | undefined,
    settings: ResponseSettings,
  ): Promise<IdempotentResponse<BatchResponse>> {
    const results: ({ index: number } & RowResult)[] = new Array(rows.length);
    const valid: { index: number; request: CreateShipmentRequest }[] = [];
    rows.forEach((row, index) => {
      const parsed = CreateShipmentRequest.safeParse(row);
      if (parsed.success) valid.push({ index, request: parsed.data });
      else results[index] = { index, status: 'invalid', errors: fieldErrors(parsed.error) };
    });
    const response = await this.idempotency.run(idempotencyKey, 'POST /shipments/batch', rows, async (manager) => {
      const registrations = await this.registrar.register(manager, valid.map((v) => v.request));
      registrations.forEach((registration, i) => {
        const { index } = valid[i];
        results[index] = { index, ...toRowResult(registration, settings) };
      });
      return { statusCode: 200, body: { ...summarize(results), results } };
    });
    if (!response.replayed) shipmentsCreated.inc({ channel: 'batch' }, response.body.created);
    return response;
  }

  /**
   * Reads the whole upload first (streamed through csv-parse, validating as it goes) so a file
   * over the limits is refused with nothing committed; then commits the valid rows in chunks,
   * a few transactions at a time. A merchant reference repeated in the file is committed once
   * (its first line) and its later lines are duplicates of that shipment.
   */
  async importCsv(source: Readable, settings: ResponseSettings): Promise<CsvImportResponse> {
    const { valid, results } = await this.readCsv(source);
    const firstLines: typeof valid = [];
    const repeats: typeof valid = [];
    const seen = new Set<string>();
    for (const row of valid) {
      const reference = row.request.merchantReference;
      if (reference !== undefined && seen.has(reference)) repeats.push(row);
      else {
        if (reference !== undefined) seen.add(reference);
        firstLines.push(row);
      }
    }

    const chunks: (typeof valid)[] = [];
    for (let start = 0; start < firstLines.length; start += CSV_CHUNK) chunks.push(firstLines.slice(start, start + CSV_CHUNK));
    let next = 0;
    const commitChunks = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const registrations = await this.dataSource.transaction((manager) =>
          this.registrar.register(manager, chunk.map((row) => row.request)),
        );
        registrations.forEach((registration, i) => {
          results.push({ line: chunk[i].line, ...toRowResult(registration, settings) });
        });
      }
    };
    // While one chunk waits on Postgres, the next is being prepared.
    await Promise.all(Array.from({ length: CSV_PARALLEL_CHUNKS }, commitChunks));

    const holderOf = new Map<string, string>();
    for (const result of results) {
      if (result.status === 'created' && result.merchantReference) holderOf.set(result.merchantReference, result.id);
      if (result.status === 'duplicate') holderOf.set(result.merchantReference, result.existingShipmentId);
    }
    for (const row of repeats) {
      const reference = row.request.merchantReference!;
      results.push({ line: row.line, status: 'duplicate', merchantReference: reference, existingShipmentId: holderOf.get(reference)! });
    }
    results.sort((a, b) => a.line - b.line);
    const summary = summarize(results);
    shipmentsCreated.inc({ channel: 'csv' }, summary.created);
    return { ...summary, results };
  }

  private async readCsv(source: Readable) {
    const valid: { line: number; request: CreateShipmentRequest }[] = [];
    const results: ({ line: number } & RowResult)[] = [];
    const malformedLines = new Set<number>();
    let rows = 0;
    let bytes = 0;
    let sawHeader = false;

    const parser = parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      columns: (header: string[]) => {
        sawHeader = true;
        const columns = header.map((column) => column.trim());
        const problems = headerProblems(columns);
        if (problems.length > 0) throw new CsvHeaderError(problems);
        return columns;
      },
      on_skip: (error) => {
        // A malformed row (bad quoting, wrong number of cells) is reported once, by its line.
        const line = (error as { lines?: number } | undefined)?.lines ?? 0;
        if (malformedLines.has(line)) return undefined;
        malformedLines.add(line);
        rows++;
        results.push({ line, status: 'invalid', errors: [{ field: 'row', reason: error?.message ?? 'malformed row' }] });
        return undefined;
      },
    });
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_CSV_BYTES) parser.destroy(tooLarge(`a CSV upload is at most ${MAX_CSV_BYTES} bytes`));
    });
    source.on('error', (error) => parser.destroy(error));
    source.pipe(parser);

    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        if (++rows > MAX_CSV_ROWS) throw tooLarge(`a CSV upload has at most ${MAX_CSV_ROWS} rows`);
        const parsed = CreateShipmentRequest.safeParse(csvRecordToRequest(record));
        if (parsed.success) valid.push({ line: info.lines, request: parsed.data });
        else {
          const errors = fieldErrors(parsed.error).map((e) => ({ field: columnOf(e.field), reason: e.reason }));
          results.push({ line: info.lines, status: 'invalid', errors });
        }
      }
      if (rows > MAX_CSV_ROWS) throw tooLarge(`a CSV upload has at most ${MAX_CSV_ROWS} rows`);
    } catch (error) {
      // Read and drop the rest of the upload so the client gets to read our answer.
      source.unpipe(parser);
      source.resume();
      if (error instanceof CsvHeaderError) throw validationFailed(error.problems);
      throw error;
    }
    if (!sawHeader) throw validationFailed([{ field: 'body', reason: 'the CSV upload is empty: it needs a header line' }]);
    return { valid, results };
  }
}
