export { TrackingModule } from './tracking.module';
