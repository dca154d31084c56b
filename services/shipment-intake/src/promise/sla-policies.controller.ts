import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { COUNTRY_TIME_ZONES, FALLBACK_TIME_ZONE } from './country-time-zones';
import { policyInForce, SLA_POLICIES } from './sla-policies';
import { Access } from '@waybill/access';

@Access(['admin', 'dispatcher', 'ops'])
@ApiTags('sla')
@Controller('sla/policies')
export class SlaPoliciesController {
  /** The policy making promises now, and the versions before it (shipments name theirs). */
  @Get()
  @ApiOperation({ summary: 'The SLA policy in force: transit days, cut-offs, delivery times and calendars' })
  policies() {
    const inForce = policyInForce(new Date());
    return {
      inForce,
      versions: SLA_POLICIES.map((policy) => ({ version: policy.version, effectiveFrom: policy.effectiveFrom })),
      timeZones: { byCountry: COUNTRY_TIME_ZONES, fallback: FALLBACK_TIME_ZONE },
    };
  }
}
