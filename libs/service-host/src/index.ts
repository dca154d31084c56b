export * from './host-env';
export * from './host-module';
export * from './create-host-app';
export * from './run-distributed-service';
