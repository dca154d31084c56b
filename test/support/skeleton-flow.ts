import { query } from './postgres';
import { eventually } from './eventually';
import { aShipmentRequest, getJson, postJson } from './shipments';

export interface Deployment {
  /** Base URL serving shipment-intake's routes. */
  intakeUrl: string;
  /** Base URL serving tracking's routes. */
  trackingUrl: string;
  databaseUrl: string;
  /** Headers of a staff member allowed to register and read shipments (a dispatcher). */
  credentials: Record<string, string>;
}

/**
 * The walking skeleton: a shipment registered at intake is tracked with status `created`, has a
 * deadline at sla-monitor and a recipient at notifications, and the customer can look it up.
 */
export async function registerAndFollowOneShipment(deployment: Deployment) {
  const created = await postJson(`${deployment.intakeUrl}/api/v1/shipments`, aShipmentRequest(), deployment.credentials);
  expect(created.status).toBe(201);
  const shipment = created.body;
  expect(shipment).toMatchObject({ trackingNumber: expect.stringMatching(/^WB/), trackingToken: expect.any(String) });

  const fetched = await getJson(`${deployment.intakeUrl}/api/v1/shipments/${shipment.id}`, deployment.credentials);
  expect(fetched.status).toBe(200);
  expect(fetched.body.promisedBy).toBe(shipment.promisedBy);

  const tracked = await eventually(async () => {
    const response = await getJson(
      `${deployment.trackingUrl}/api/v1/tracking/${shipment.trackingNumber}?token=${shipment.trackingToken}`,
    );
    expect(response.status).toBe(200);
    return response.body;
  });
  expect(tracked).toMatchObject({ status: 'created', slaState: 'on_track', promisedBy: shipment.promisedBy });
  expect(tracked.timeline).toEqual([expect.objectContaining({ status: 'created' })]);
  expect(JSON.stringify(tracked)).not.toContain('ada@example.com'); // no personal data on the public view

  const deadline = await eventually(async () => {
    const rows = await query(deployment.databaseUrl, 'SELECT * FROM sla.deadlines WHERE shipment_id = $1', [shipment.id]);
    expect(rows).toHaveLength(1);
    return rows[0];
  });
  expect(new Date(deadline.promised_by as string).toISOString()).toBe(shipment.promisedBy);
  expect(deadline.state).toBe('on_track');

  const recipient = await eventually(async () => {
    const rows = await query(deployment.databaseUrl, 'SELECT * FROM notifications.recipients WHERE shipment_id = $1', [
      shipment.id,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0];
  });
  expect(recipient).toMatchObject({ email: 'ada@example.com', locale: 'en', tracking_number: shipment.trackingNumber });
  return shipment;
}

/** Signs in through `POST /auth/login`, as the web pages do, and returns the header to send. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Record<string, string>> {
  const answer = await postJson(`${baseUrl}/api/v1/auth/login`, { email, password });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ tokenType: 'Bearer', user: { email } });
  return { authorization: `Bearer ${answer.body.accessToken}` };
}

export async function expectFieldErrorsForBadInput(intakeUrl: string, credentials: Record<string, string>) {
  const invalidJson = await postJson(`${intakeUrl}/api/v1/shipments`, '{"serviceLevel": ', credentials);
  expect(invalidJson.status).toBe(400);
  expect(invalidJson.body.errors).toEqual([{ field: 'body', reason: expect.stringMatching(/JSON/) }]);

  const badFields = await postJson(
    `${intakeUrl}/api/v1/shipments`,
    aShipmentRequest({ serviceLevel: 'teleport', parcels: [{ weightGrams: -1 }] }),
    credentials,
  );
  expect(badFields.status).toBe(400);
  expect(badFields.body.errors).toEqual(
    expect.arrayContaining([
      { field: 'serviceLevel', reason: expect.any(String) },
      { field: 'parcels.0.weightGrams', reason: expect.any(String) },
    ]),
  );

  const badId = await getJson(`${intakeUrl}/api/v1/shipments/not-a-uuid`, credentials);
  expect(badId.status).toBe(400);
  expect(badId.body.errors).toEqual([{ field: 'id', reason: expect.any(String) }]);
}

export async function expectOneAnswerForUnknownNumberAndWrongToken(trackingUrl: string, shipment: { trackingNumber: string }) {
  const wrongToken = await getJson(`${trackingUrl}/api/v1/tracking/${shipment.trackingNumber}?token=guess`);
  const noToken = await getJson(`${trackingUrl}/api/v1/tracking/${shipment.trackingNumber}`);
  const unknown = await getJson(`${trackingUrl}/api/v1/tracking/WB0000000000000000?token=guess`);
  expect(wrongToken.status).toBe(404);
  expect(noToken).toEqual(wrongToken);
  expect(unknown).toEqual(wrongToken);
}

/** The staff-only doors of a deployment stay shut to a caller without credentials. */
export async function expectStaffRoutesClosedToAnonymous(deployment: Pick<Deployment, 'intakeUrl' | 'trackingUrl'>, shipmentId: string) {
  const create = await postJson(`${deployment.intakeUrl}/api/v1/shipments`, aShipmentRequest());
  const read = await getJson(`${deployment.intakeUrl}/api/v1/shipments/${shipmentId}`);
  const timeline = await getJson(`${deployment.trackingUrl}/api/v1/shipments/${shipmentId}/timeline`);
  expect([create.status, read.status, timeline.status]).toEqual([401, 401, 401]);
  const forged = await getJson(`${deployment.intakeUrl}/api/v1/shipments/${shipmentId}`, { authorization: 'Bearer not.a.token' });
  expect(forged.status).toBe(401);
}
