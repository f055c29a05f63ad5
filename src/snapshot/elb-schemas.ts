// Load balancer shapes: classic ELB (describe-load-balancers), ELBv2 (describe-load-balancers,
// -listeners, -rules, -target-groups, -target-health, -target-group-attributes) and Batfish's
// aggregate per-parent forms.
import { z } from 'zod';
import { awsId, awsString, list, oneOf, optional, optionalId, port, record, targetGroupWeight } from './aws-values.js';

export const classicLoadBalancerSchema = record({
  LoadBalancerName: awsId,
  DNSName: optional(awsString),
  Scheme: optional(oneOf(['internet-facing', 'internal'])),
  VPCId: optionalId,
  Subnets: optional(list(awsId)),
  SecurityGroups: optional(list(awsId)),
  ListenerDescriptions: optional(
    list(
      record({
        Listener: record({ Protocol: awsString, LoadBalancerPort: port, InstancePort: port }),
      }),
    ),
  ),
  Instances: optional(list(record({ InstanceId: awsId }))),
});
export type RawClassicLoadBalancer = z.output<typeof classicLoadBalancerSchema>;

export const loadBalancerSchema = record({
  LoadBalancerArn: awsId,
  LoadBalancerName: optional(awsString),
  Type: optional(oneOf(['application', 'network', 'gateway'])),
  Scheme: optional(oneOf(['internet-facing', 'internal'])),
  VpcId: optionalId,
  AvailabilityZones: optional(list(record({ SubnetId: optionalId }))),
  SecurityGroups: optional(list(awsId)),
  DNSName: optional(awsString),
  IpAddressType: optional(awsString),
});
export type RawLoadBalancer = z.output<typeof loadBalancerSchema>;

const actionSchema = record({
  Type: awsString,
  TargetGroupArn: optionalId,
  // Weight 0-999; a group of weight 0 gets no traffic.
  ForwardConfig: optional(record({ TargetGroups: optional(list(record({ TargetGroupArn: awsId, Weight: optional(targetGroupWeight) }))) })),
});
export type RawAction = z.output<typeof actionSchema>;

export const listenerSchema = record({
  ListenerArn: optionalId,
  LoadBalancerArn: optionalId,
  // Gateway load balancer listeners have neither port nor protocol.
  Port: optional(port),
  Protocol: optional(awsString),
  DefaultActions: optional(list(actionSchema)),
});
export type RawListener = z.output<typeof listenerSchema>;

/** Batfish's LoadBalancerListeners entry: one load balancer's describe-listeners output. */
export const loadBalancerListenersSchema = record({ LoadBalancerArn: awsId, Listeners: list(listenerSchema) });
export type RawLoadBalancerListeners = z.output<typeof loadBalancerListenersSchema>;

export const ruleSchema = record({
  RuleArn: optionalId,
  ListenerArn: optionalId,
  Actions: optional(list(actionSchema)),
});
export type RawRule = z.output<typeof ruleSchema>;

export const targetGroupSchema = record({
  TargetGroupArn: awsId,
  TargetGroupName: optional(awsString),
  TargetType: optional(oneOf(['instance', 'ip', 'lambda', 'alb'])),
  Protocol: optional(awsString),
  Port: optional(port),
  VpcId: optionalId,
  LoadBalancerArns: optional(list(awsId)),
});
export type RawTargetGroup = z.output<typeof targetGroupSchema>;

/** describe-target-health output with the TargetGroupArn the collector adds (or Batfish's entry). */
export const targetHealthSchema = record({
  TargetGroupArn: awsId,
  TargetHealthDescriptions: list(
    record({
      Target: record({ Id: awsId, Port: optional(port), AvailabilityZone: optional(awsString) }),
    }),
  ),
});
export type RawTargetHealth = z.output<typeof targetHealthSchema>;

const attributeList = list(record({ Key: awsString, Value: optional(awsString) }));

export const targetGroupAttributesSchema = record({ TargetGroupArn: awsId, Attributes: attributeList });
export type RawTargetGroupAttributes = z.output<typeof targetGroupAttributesSchema>;

export const loadBalancerAttributesSchema = record({ LoadBalancerArn: awsId, Attributes: attributeList });
export type RawLoadBalancerAttributes = z.output<typeof loadBalancerAttributesSchema>;
