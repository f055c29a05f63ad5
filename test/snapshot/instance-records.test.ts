// Instance and ENI records that lack what AWS always writes, or describe an interface that has
// left its instance: never read as "safe", never analysed as what they are not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicInstance, sourcesAt } from '../support/raw-estate.js';
import { loadEstate } from '../support/ask.js';

const SSH = [{ protocol: 'tcp', from: 22, to: 22, cidrs: ['0.0.0.0/0'] }] as const;

type Json = Record<string, unknown>;

function instanceRecord(e: ReturnType<typeof publicInstance>['e']): Json {
  return (e.files['Reservations']![0]!['Instances'] as Json[])[0]!;
}

test('an ENI of which no copy lists its groups is a coverage gap and is not analysed (not "admits nothing")', async () => {
  const { e, instanceId, eniId } = publicInstance(SSH);
  const instance = instanceRecord(e);
  const eni = (instance['NetworkInterfaces'] as Json[])[0]!;
  delete eni['Groups'];
  const result = await e.assess();
  assert.equal(result.reachabilities.length, 0);
  const loaded = (await loadEstate(e)).coverage;
  assert.ok(
    loaded.some((c) => c.resourceId === eniId && c.reason === `its security groups (Groups) are not in the snapshot; what reaches it on ${instanceId} is not analysed`),
    JSON.stringify(loaded),
  );
  // The describe-network-interfaces copy lists them: the ENI is analysed.
  e.files['NetworkInterfaces'] = [{ ...eni, Groups: instance['SecurityGroups'] }];
  const withStandalone = await e.assess();
  assert.ok(sourcesAt(withStandalone, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).has('8.8.8.8'));
  const loadedWithStandalone = (await loadEstate(e)).coverage;
  assert.ok(!loadedWithStandalone.some((c) => c.resourceId === eniId), JSON.stringify(loadedWithStandalone));
});

test('an instance record without State is analysed as if running, and the coverage says so', async () => {
  const { e, instanceId } = publicInstance(SSH);
  delete instanceRecord(e)['State'];
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).has('8.8.8.8'));
  const loaded = (await loadEstate(e)).coverage;
  assert.ok(loaded.some((c) => c.resourceId === instanceId && /its state \(State\) is not in the snapshot; it is analysed as if running/.test(c.reason)), JSON.stringify(loaded));
});

test('a detached ENI whose record still names its former instance is not analysed as that instance\'s', async () => {
  const { e, instanceId, eniId, subnet, sg } = publicInstance(SSH);
  const detached: Json = {
    NetworkInterfaceId: 'eni-0detached0000000',
    SubnetId: subnet,
    VpcId: instanceRecord(e)['VpcId'],
    Status: 'available',
    InterfaceType: 'interface',
    PrivateIpAddress: '10.0.1.99',
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.1.99', Association: { PublicIp: '54.10.20.99' } }],
    Association: { PublicIp: '54.10.20.99' },
    Groups: [{ GroupId: sg, GroupName: 'web' }],
    Attachment: { AttachmentId: 'eni-attach-old', DeviceIndex: 1, InstanceId: instanceId, Status: 'detached' },
  };
  e.files['NetworkInterfaces'] = [detached];
  const result = await e.assess();
  assert.deepEqual([...new Set(result.reachabilities.map((r) => r.networkInterfaceId))], [eniId]);
  // Still attaching or detaching: it is the instance's.
  detached['Attachment'] = { ...(detached['Attachment'] as Json), Status: 'detaching' };
  const detaching = await e.assess();
  assert.deepEqual([...new Set(detaching.reachabilities.map((r) => r.networkInterfaceId))].sort(), [eniId, 'eni-0detached0000000'].sort());
});

test("an instance's PublicIpAddress that no copy of its primary ENI carries is still its public address", async () => {
  const { e, instanceId } = publicInstance(SSH);
  const instance = instanceRecord(e);
  const eni = (instance['NetworkInterfaces'] as Json[])[0]!;
  delete eni['Association'];
  eni['PrivateIpAddresses'] = [{ Primary: true, PrivateIpAddress: '10.0.1.10' }];
  assert.equal(instance['PublicIpAddress'], '54.10.20.30');
  const result = await e.assess();
  assert.ok(sourcesAt(result, { instanceId, reachabilityType: 'Internet', protocol: 'tcp', port: 22 }).has('8.8.8.8'));
});
