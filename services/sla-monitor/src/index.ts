export { SlaMonitorModule } from './sla-monitor.module';
