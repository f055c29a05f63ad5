// Writes a seeded, realistic estate as raw AWS CLI JSON (see bench/estate/).
// Usage: node --import tsx bench/generate.ts --out DIR [--size small|medium|large] [--instances N] [--seed N]
import { rmSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeEstate } from './estate/write-estate.js';
import { namedSize, sizeFor, SIZE_NAMES, type EstateSize, type SizeName } from './estate/sizes.js';

function count(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

interface GenerateFlags {
  readonly out: string;
  readonly size: SizeName;
  readonly seed: number;
  readonly instances?: number;
  readonly vpcs?: number;
  readonly subnetsPerVpc?: number;
  readonly securityGroupsPerVpc?: number;
  readonly rulesPerGroup?: number;
  readonly naclsPerVpc?: number;
  readonly loadBalancersPerVpc?: number;
  readonly tgwHub?: boolean;
  readonly ipv6Every?: number;
}

function estateSizeOf(flags: Omit<GenerateFlags, 'out' | 'seed'>): EstateSize {
  const base = flags.instances === undefined ? namedSize(flags.size) : sizeFor(flags.instances);
  const overrides: { -readonly [K in keyof EstateSize]?: EstateSize[K] } = {};
  for (const key of ['vpcs', 'subnetsPerVpc', 'securityGroupsPerVpc', 'rulesPerGroup', 'naclsPerVpc', 'loadBalancersPerVpc', 'ipv6Every'] as const) {
    if (flags[key] !== undefined) overrides[key] = flags[key];
  }
  return { ...base, ...overrides, ...(flags.tgwHub === true ? { transitGatewayHub: true as const } : {}) };
}

const program = new Command('generate')
  .description('write a seeded estate as raw AWS describe-* JSON')
  .requiredOption('--out <dir>', 'folder to write (replaced)')
  .addOption(new Option('--size <size>', 'preset: 1,000 / 10,000 / 100,000 instances').choices(SIZE_NAMES).default('small'))
  .option('--seed <n>', 'seed of the random choices', count, 1)
  .option('--instances <n>', 'instances (other counts scale with it)', count)
  .option('--vpcs <n>', 'VPCs', count)
  .option('--subnets-per-vpc <n>', 'subnets per VPC', count)
  .option('--security-groups-per-vpc <n>', 'security groups per VPC', count)
  .option('--rules-per-group <n>', 'rule entries per security group', count)
  .option('--nacls-per-vpc <n>', 'network ACLs per VPC', count)
  .option('--load-balancers-per-vpc <n>', 'load balancers per VPC', count)
  .option('--ipv6-every <n>', 'one VPC in n is dual-stack (1: every VPC; default 5)', count)
  .option('--tgw-hub', 'attach every VPC to one transit gateway (one route table, on-premises behind a VPN attachment)');

program.parse();
const flags = program.opts<GenerateFlags>();
rmSync(flags.out, { recursive: true, force: true });
console.log(JSON.stringify(await writeEstate(flags.out, estateSizeOf(flags), flags.seed)));
