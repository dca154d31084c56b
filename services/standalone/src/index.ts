export { platformModule, SERVICES } from './platform.module';
