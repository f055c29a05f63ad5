// The SDK clients of one account and region: the standard credential chain (or an assumed role),
// adaptive retry for throttling, and one endpoint for every service when --endpoint-url is given.
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';

/** Services by the names the AWS CLI gives them (`aws elbv2 …`), which the call names use. */
export type ServiceName = 'ec2' | 'elb' | 'elbv2' | 'directconnect' | 'sts';

export type Credentials = EC2ClientConfig['credentials'];
export type RequestHandler = EC2ClientConfig['requestHandler'];

export interface ClientSettings {
  readonly credentials: Credentials;
  /** --endpoint-url: every service at this address (a local AWS API such as moto). */
  readonly endpoint: string | null;
  /** Attempts per request, retries included; the adaptive mode also slows down when throttled. */
  readonly maxAttempts: number;
  /** Stands in for the network of one service (tests: recorded responses, a denied call). */
  readonly requestHandlerFor?: (service: ServiceName) => RequestHandler | undefined;
}

export interface RegionClients {
  readonly ec2: EC2Client;
  readonly elb: ElasticLoadBalancingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly directconnect: DirectConnectClient;
}

function configFor(settings: ClientSettings, service: ServiceName, region: string) {
  const requestHandler = settings.requestHandlerFor?.(service);
  return {
    region,
    credentials: settings.credentials,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts,
    ...(settings.endpoint === null ? {} : { endpoint: settings.endpoint }),
    ...(requestHandler === undefined ? {} : { requestHandler }),
  };
}

export function regionClients(settings: ClientSettings, region: string): RegionClients {
  return {
    ec2: new EC2Client(configFor(settings, 'ec2', region)),
    elb: new ElasticLoadBalancingClient(configFor(settings, 'elb', region)),
    elbv2: new ElasticLoadBalancingV2Client(configFor(settings, 'elbv2', region)),
    directconnect: new DirectConnectClient(configFor(settings, 'directconnect', region)),
  };
}

export function stsClient(settings: ClientSettings, region: string): STSClient {
  return new STSClient(configFor(settings, 'sts', region));
}

export function destroyClients(clients: RegionClients): void {
  clients.ec2.destroy();
  clients.elb.destroy();
  clients.elbv2.destroy();
  clients.directconnect.destroy();
}
