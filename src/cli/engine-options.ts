// The options that shape what the engine computes, shared by the commands that run it.
import { Option } from 'commander';
import { DEFAULT_EPHEMERAL_PORTS } from '../engine/index.js';
import { parseCidrList, parsePortRange } from './options.js';

export function ephemeralPortsOption(): Option {
  return new Option('--ephemeral-ports <range>', 'client ports NACL replies must reach')
    .argParser(parsePortRange)
    .default([...DEFAULT_EPHEMERAL_PORTS], DEFAULT_EPHEMERAL_PORTS.join('-'));
}

export function onpremCidrsOption(): Option {
  return new Option('--onprem-cidrs <cidrs>', 'on-premises CIDRs: what VPN / Direct Connect can carry (comma-separated)').argParser(parseCidrList);
}
