import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The summary rollup: per UTC day of the promise × service level × carrier × region, the
 * summary's counts and coarse histograms of lateness and warning time, so `GET /sla/summary`
 * reads a few rows per day instead of every shipment.
 *
 * - `sla.summary_part(deadline)` is the one definition of what a shipment adds to the summary.
 * - Triggers on `sla.deadlines` append (−old part, +new part) to `sla.summary_deltas` in the
 *   writing transaction, only when the part actually changes: every write path (consumer,
 *   poller, a manual fix) is covered, and a redelivered event that changes nothing adds nothing.
 *   Appending instead of updating the rollup keeps concurrent writers off shared rows (no lock
 *   waits, no deadlocks between the poller's batches and the consumers).
 * - `sla.summary_fold()` moves the deltas into `sla.summary_rollup` in one statement; readers
 *   add the deltas not folded yet, so the summary is exact whenever the fold runs.
 * - `sla.summary_rebuild()` recomputes everything from `sla.deadlines` (the backfill below,
 *   and after a bulk load with the triggers disabled).
 *
 * The bin thresholds are frozen here; `reports/summary/rollup-columns.ts` must agree on their
 * count (ROLLUP_BINS), which the summary integration test checks against the reference query.
 */
const BIN_THRESHOLDS_SECONDS = [
  0, 60, 300, 900, 1800, 3600, 7200, 10800, 14400, 21600, 28800, 43200, 64800, 86400, 129600, 172800, 259200, 345600,
  432000, 604800, 1209600, 2592000,
];
/** width_bucket: bin 0 below the first threshold, bin n at or above the last. */
const BINS = BIN_THRESHOLDS_SECONDS.length + 1;
const binColumns = (metric: string) => Array.from({ length: BINS }, (_, bin) => `${metric}_b${bin}`);
const BIN_COLUMNS = [...binColumns('lateness'), ...binColumns('warning')];

const COUNT_COLUMNS = [
  'shipments',
  'met',
  'delivered_late',
  'breached',
  'lateness_sum',
  'lateness_count',
  'delivered',
  'delivered_first_attempt',
  'alerts',
  'alerts_breached',
];
const DIMENSIONS = ['day', 'service_level', 'carrier', 'region'];
const PART_COLUMNS = [...DIMENSIONS, ...COUNT_COLUMNS, 'lateness_bin', 'warning_bin'];

/** Aggregates parts (with a `sign`) into rollup columns, grouped by the dimensions. */
function aggregatedParts(source: string): string {
  const counts = COUNT_COLUMNS.map((column) => `coalesce(sum(sign * ${column}), 0)`);
  const bins = BIN_COLUMNS.map((column) => {
    const [metric, bin] = column.split('_b');
    return `coalesce(sum(sign) FILTER (WHERE ${metric}_bin = ${bin}), 0)`;
  });
  return `SELECT ${DIMENSIONS.join(', ')}, ${[...counts, ...bins].join(', ')} FROM ${source} GROUP BY ${DIMENSIONS.join(', ')}`;
}

export class SummaryRollup1765000000000 implements MigrationInterface {
  name = 'SummaryRollup1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const thresholdsUs = BIN_THRESHOLDS_SECONDS.map((seconds) => `${seconds * 1_000_000}`).join(',');
    await queryRunner.query(`
      CREATE FUNCTION sla.summary_bin(duration_us bigint) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT width_bucket(duration_us, '{${thresholdsUs}}'::bigint[]) $$`);
    // Exact to the microsecond, like extract(epoch …) in the reference query.
    await queryRunner.query(`
      CREATE FUNCTION sla.warning_us(promised_by timestamptz, first_at_risk_at timestamptz) RETURNS bigint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT (extract(epoch FROM promised_by - first_at_risk_at) * 1000000)::bigint $$`);
    await queryRunner.query(`
      CREATE TYPE sla.summary_part AS (
        day date, service_level text, carrier text, region text,
        shipments integer, met integer, delivered_late integer, breached integer,
        lateness_sum bigint, lateness_count integer, delivered integer, delivered_first_attempt integer,
        alerts integer, alerts_breached integer, lateness_bin integer, warning_bin integer)`);
    // What one shipment adds to the summary (nothing before its promise is known). Keep in step
    // with the reference query in test/integration/sla/reference-summary.ts.
    await queryRunner.query(`
      CREATE FUNCTION sla.summary_part(d sla.deadlines) RETURNS SETOF sla.summary_part
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$
        SELECT (d.promised_by AT TIME ZONE 'UTC')::date, d.service_level, d.carrier, d.region,
          1, (d.state = 'met')::int, (d.state = 'delivered_late')::int, (d.state = 'breached')::int,
          CASE WHEN f.missed THEN coalesce(d.late_by_seconds, 0) ELSE 0 END::bigint,
          (f.missed AND d.late_by_seconds IS NOT NULL)::int,
          (d.delivered_at IS NOT NULL)::int,
          (d.delivered_at IS NOT NULL AND coalesce(d.first_attempt_delivered, false))::int,
          (d.first_at_risk_at IS NOT NULL)::int,
          (d.first_at_risk_at IS NOT NULL AND d.state = 'breached')::int,
          CASE WHEN f.missed THEN sla.summary_bin(d.late_by_seconds::bigint * 1000000) END,
          CASE WHEN f.warned THEN sla.summary_bin(sla.warning_us(d.promised_by, d.first_at_risk_at)) END
        FROM (SELECT d.state IN ('delivered_late', 'breached') AS missed,
                     d.state = 'breached' AND d.first_at_risk_at < d.promised_by AS warned) AS f
        WHERE d.promised_by IS NOT NULL
      $$`);

    const dimensions = `day date NOT NULL, service_level text, carrier text, region text`;
    const counts = COUNT_COLUMNS.map((c) => `${c} ${c === 'lateness_sum' ? 'bigint' : 'integer'} NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE sla.summary_rollup (
        ${dimensions},
        ${[...counts, ...BIN_COLUMNS.map((c) => `${c} integer NOT NULL`)].join(',\n        ')},
        CONSTRAINT summary_rollup_bucket UNIQUE NULLS NOT DISTINCT (day, service_level, carrier, region)
      )`);
    await queryRunner.query(`
      CREATE TABLE sla.summary_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sign smallint NOT NULL,
        ${dimensions},
        ${counts.join(', ')},
        lateness_bin integer, warning_bin integer
      )`);

    await queryRunner.query(`
      CREATE FUNCTION sla.summary_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_part sla.summary_part;
        new_part sla.summary_part;
      BEGIN
        IF TG_OP <> 'INSERT' THEN SELECT * INTO old_part FROM sla.summary_part(OLD); END IF;
        IF TG_OP <> 'DELETE' THEN SELECT * INTO new_part FROM sla.summary_part(NEW); END IF;
        IF old_part IS NOT DISTINCT FROM new_part THEN RETURN NULL; END IF;
        IF old_part.day IS NOT NULL THEN
          INSERT INTO sla.summary_deltas (sign, ${PART_COLUMNS.join(', ')}) SELECT -1, (old_part).*;
        END IF;
        IF new_part.day IS NOT NULL THEN
          INSERT INTO sla.summary_deltas (sign, ${PART_COLUMNS.join(', ')}) SELECT 1, (new_part).*;
        END IF;
        RETURN NULL;
      END $$`);
    // The WHEN clauses list every column summary_part reads, so other updates (scans, due
    // times) never enter the trigger function. It only tells the outcome states apart: the
    // poller's many on_track/at_risk → late moves change nothing here and skip it too.
    const read = ['promised_by', 'service_level', 'carrier', 'region', 'late_by_seconds', 'delivered_at',
      'first_attempt_delivered', 'first_at_risk_at'];
    const row = (alias: string) =>
      `(CASE WHEN ${alias}.state IN ('met', 'delivered_late', 'breached') THEN ${alias}.state END, ` +
      `${read.map((column) => `${alias}.${column}`).join(', ')})`;
    await queryRunner.query(`
      CREATE TRIGGER deadlines_summary_insert AFTER INSERT ON sla.deadlines
      FOR EACH ROW WHEN (NEW.promised_by IS NOT NULL) EXECUTE FUNCTION sla.summary_track()`);
    await queryRunner.query(`
      CREATE TRIGGER deadlines_summary_update AFTER UPDATE ON sla.deadlines
      FOR EACH ROW WHEN (${row('OLD')} IS DISTINCT FROM ${row('NEW')}) EXECUTE FUNCTION sla.summary_track()`);
    await queryRunner.query(`
      CREATE TRIGGER deadlines_summary_delete AFTER DELETE ON sla.deadlines
      FOR EACH ROW WHEN (OLD.promised_by IS NOT NULL) EXECUTE FUNCTION sla.summary_track()`);
    await queryRunner.query(`
      CREATE FUNCTION sla.summary_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE sla.summary_rollup, sla.summary_deltas;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER deadlines_summary_truncate AFTER TRUNCATE ON sla.deadlines
      FOR EACH STATEMENT EXECUTE FUNCTION sla.summary_reset()`);

    const rollupColumns = [...DIMENSIONS, ...COUNT_COLUMNS, ...BIN_COLUMNS];
    const added = [...COUNT_COLUMNS, ...BIN_COLUMNS].map((c) => `${c} = r.${c} + EXCLUDED.${c}`);
    await queryRunner.query(`
      CREATE FUNCTION sla.summary_fold() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        folded bigint;
      BEGIN
        -- One folder at a time: two folds upserting the same buckets in different orders could deadlock.
        IF NOT pg_try_advisory_xact_lock(hashtext('sla.summary_fold')) THEN RETURN 0; END IF;
        WITH moved AS (DELETE FROM sla.summary_deltas RETURNING *),
        added AS (
          INSERT INTO sla.summary_rollup AS r (${rollupColumns.join(', ')})
          ${aggregatedParts('moved')}
          ON CONFLICT (day, service_level, carrier, region) DO UPDATE SET ${added.join(', ')}
        )
        SELECT count(*) INTO folded FROM moved;
        RETURN folded;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION sla.summary_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- Writers wait until the rebuild commits, so no change is lost or counted twice.
        LOCK TABLE sla.deadlines IN SHARE ROW EXCLUSIVE MODE;
        TRUNCATE sla.summary_rollup, sla.summary_deltas;
        INSERT INTO sla.summary_rollup (${rollupColumns.join(', ')})
        ${aggregatedParts('(SELECT 1 AS sign, p.* FROM sla.deadlines d CROSS JOIN LATERAL sla.summary_part(d) AS p) AS parts')};
      END $$`);

    // The exact percentile is looked up in the one coarse bin that holds its rank: these read
    // a bin's values for a range of promises without touching the wide rows.
    await queryRunner.query(`
      CREATE INDEX deadlines_lateness_bin_idx
      ON sla.deadlines (sla.summary_bin(late_by_seconds::bigint * 1000000), promised_by)
      INCLUDE (late_by_seconds, service_level, carrier, region)
      WHERE state IN ('delivered_late', 'breached') AND late_by_seconds IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX deadlines_warning_bin_idx
      ON sla.deadlines (sla.summary_bin(sla.warning_us(promised_by, first_at_risk_at)), promised_by)
      INCLUDE (first_at_risk_at, service_level, carrier, region)
      WHERE state = 'breached' AND first_at_risk_at < promised_by`);

    // Backfill from the shipments already here.
    await queryRunner.query(`SELECT sla.summary_rebuild()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sla.deadlines_warning_bin_idx`);
    await queryRunner.query(`DROP INDEX sla.deadlines_lateness_bin_idx`);
    for (const trigger of ['insert', 'update', 'delete', 'truncate']) {
      await queryRunner.query(`DROP TRIGGER deadlines_summary_${trigger} ON sla.deadlines`);
    }
    for (const fn of ['summary_rebuild()', 'summary_fold()', 'summary_reset()', 'summary_track()']) {
      await queryRunner.query(`DROP FUNCTION sla.${fn}`);
    }
    await queryRunner.query(`DROP TABLE sla.summary_deltas`);
    await queryRunner.query(`DROP TABLE sla.summary_rollup`);
    await queryRunner.query(`DROP FUNCTION sla.summary_part(sla.deadlines)`);
    await queryRunner.query(`DROP TYPE sla.summary_part`);
    await queryRunner.query(`DROP FUNCTION sla.warning_us(timestamptz, timestamptz)`);
    await queryRunner.query(`DROP FUNCTION sla.summary_bin(bigint)`);
  }
}
