export { SlaMonitorModule, SLA_ENTITIES, SLA_MIGRATIONS } from './sla-monitor.module';
export { DeadlinePoller } from './deadlines/deadline-poller';
export { SummaryRollupFolder } from './rollup/summary-rollup-folder';
export { slaStats } from './reports/summary/sla-stats';
export { COUNT_COLUMNS } from './reports/summary/rollup-columns';
export { loadSlaConfig } from './config/sla-config';
export type { SlaConfig } from './config/sla-config';
