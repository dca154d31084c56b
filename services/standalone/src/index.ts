export { platformModule, PlatformOptions, SERVICES } from './platform.module';
