export { ShipmentIntakeModule } from './shipment-intake.module';
