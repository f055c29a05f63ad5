import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RECOGNIZED_PORTS, recognizedPortsIn, recognizedService } from '../../src/findings/recognized-ports.js';

test('port 111 is named NFS on TCP and UDP although RPC lists it too', () => {
  assert.deepEqual(recognizedService('tcp', 111), { name: 'NFS', baseSeverity: 'High' });
  assert.deepEqual(recognizedService('udp', 111), { name: 'NFS', baseSeverity: 'High' });
  assert.equal(recognizedService('tcp', 135)?.name, 'RPC');
  assert.equal(recognizedService('udp', 530)?.name, 'RPC');
});

test('services with different TCP and UDP ports are told apart', () => {
  assert.equal(recognizedService('tcp', 1433)?.name, 'SQL Server');
  assert.equal(recognizedService('udp', 1433), null);
  assert.equal(recognizedService('udp', 1434)?.name, 'SQL Server');
  assert.equal(recognizedService('tcp', 601)?.name, 'Syslog');
  assert.equal(recognizedService('udp', 514)?.name, 'Syslog');
  assert.equal(recognizedService('tcp', 514), null);
  assert.equal(recognizedService('udp', 138)?.name, 'NetBIOS');
  assert.equal(recognizedService('tcp', 138), null);
  assert.equal(recognizedService('udp', 750)?.name, 'Kerberos');
  assert.equal(recognizedService('tcp', 543)?.name, 'Kerberos');
  assert.equal(recognizedService('udp', 543), null);
});

test('TCP-only services have no UDP port', () => {
  for (const port of [636, 3268, 3269, 515, 27017, 28017, 3306, 5432, 1521, 1630, 9200, 9300]) {
    assert.notEqual(recognizedService('tcp', port), null, `tcp ${port}`);
    assert.equal(recognizedService('udp', port), null, `udp ${port}`);
  }
});

test('names and base severities follow the table', () => {
  const expected: Array<[number, string, string]> = [
    [22, 'SSH', 'Medium'],
    [23, 'Telnet', 'High'],
    [21, 'FTP', 'High'],
    [3389, 'RDP', 'High'],
    [445, 'SMB', 'High'],
    [42, 'WINS', 'High'],
    [2049, 'NFS', 'High'],
    [636, 'LDAP over TLS', 'Medium'],
    [3269, 'Global catalog LDAP over TLS', 'Medium'],
    [88, 'Kerberos', 'Medium'],
    [67, 'DHCP', 'Medium'],
    [515, 'Print services', 'Medium'],
    [27019, 'MongoDB', 'Medium'],
    [9300, 'Elasticsearch', 'Medium'],
    [80, 'HTTP', 'Informational'],
    [443, 'HTTPS', 'Informational'],
  ];
  for (const [port, name, severity] of expected) {
    assert.deepEqual(recognizedService('tcp', port), { name, baseSeverity: severity }, `tcp ${port}`);
  }
  assert.equal(recognizedService('tcp', 8080), null);
  assert.equal(recognizedService('tcp', 0), null);
});

test('the whole range holds 44 recognized TCP ports and 30 UDP ports', () => {
  assert.equal(RECOGNIZED_PORTS.tcp.length, 44);
  assert.equal(RECOGNIZED_PORTS.udp.length, 30);
  assert.deepEqual(recognizedPortsIn('tcp', 20, 25), [21, 22, 23]);
  assert.deepEqual(recognizedPortsIn('udp', 130, 140), [135, 137, 138]);
  assert.deepEqual(recognizedPortsIn('tcp', 8000, 8100), []);
});
