// Why a flow is blocked: a closed vocabulary after AWS Reachability Analyzer's explanation codes,
// one sentence each (the README's table is this list).
export const BLOCKER_CODES = {
  NO_ROUTE_TO_DESTINATION:
    'A route table, gateway or network has no route for the destination (an address in a VPC CIDR but in no subnet, a private address on the internet, an address the VPN does not route).',
  BLACKHOLE_ROUTE: 'The route that matches the destination is a blackhole: its target is gone.',
  NO_RETURN_ROUTE: "The destination subnet's route table does not send the reply back the way the request came.",
  NO_HOST_AT_ADDRESS: 'The address lies in a subnet, but no network interface, NAT gateway or load balancer owns it.',
  SOURCE_NOT_ROUTABLE:
    'The source address cannot arrive through this gateway: a private address on the internet, an address outside --onprem-cidrs, one the peer VPC or transit gateway does not carry.',
  SUBNET_ACL_RESTRICTION: "An entry of the subnet's network ACL (or its implicit deny) blocks the request or its stateless reply.",
  ENI_SG_RULES_MISMATCH:
    "No rule of the interface's security groups allows the traffic: ingress rules at the receiver, egress rules at the sender.",
  IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS:
    'Traffic entering through an internet gateway is addressed to a private IP; the gateway only forwards to public IPs associated with an interface.',
  NO_PUBLIC_IP: 'The interface or NAT gateway has no public IPv4 address, so the internet gateway can neither reach it nor translate its traffic.',
  BAD_STATE: 'The gateway, NAT gateway, endpoint or attachment is not available, or not attached to this VPC.',
  NAT_GATEWAY_UNSUPPORTED_PROTOCOL: 'A NAT gateway translates only TCP, UDP and ICMP.',
  NAT_GATEWAY_NOT_A_DESTINATION: 'A NAT gateway accepts no connection addressed to itself; it only translates connections its VPC starts.',
  PEERING_NOT_ACTIVE: 'The VPC peering connection is not active.',
  VGW_NOT_CONNECTED: 'The virtual private gateway has no available VPN connection or Direct Connect path.',
  TGW_ATTACHMENT_NOT_IN_AZ:
    "The VPC's transit gateway attachment has no subnet in this subnet's Availability Zone, so the subnet cannot hand traffic to the transit gateway.",
  TGW_ATTACHMENT_NOT_ASSOCIATED: 'The transit gateway attachment is associated with no transit gateway route table.',
  TGW_ROUTE_NOT_FOUND: 'The transit gateway route table has no route for the address.',
  TGW_ROUTE_BLACKHOLE: 'The transit gateway route that matches the address is a blackhole.',
  ELB_LISTENER_PORT_RESTRICTION: 'The classic load balancer has no listener for this protocol and port.',
  ELBV2_LISTENER_PORT_RESTRICTION: 'The application or network load balancer has no listener for this protocol and port.',
  ELBV2_LISTENER_HAS_NO_TARGETS: 'The listener forwards to no target the snapshot has (no registered targets, lambda or ALB targets, targets not collected).',
  LOAD_BALANCER_SCHEME_RESTRICTION:
    'From outside its VPC an internet-facing load balancer takes only internet traffic, and an internal one none from the internet.',
  TARGET_PORT_RESTRICTION: 'The load balancer forwards to the target, but only at other ports than the one asked.',
  ROUTE_TARGET_NOT_FOLLOWED:
    'The route sends the traffic to an instance, network interface or other appliance; what it does next is not in the snapshot.',
} as const;

export type BlockerCode = keyof typeof BLOCKER_CODES;
