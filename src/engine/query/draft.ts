// One path being followed: the steps so far, the senders still in the running, every blocker met
// (a blocking component does not narrow the senders, so the components after it are judged too),
// and the stateless reply legs to check once the flow has arrived.
import type { AddressSet } from '../../net/index.js';
import type { PathStep } from '../types.js';
import type { BlockerCode } from './blocker-codes.js';
import { evaluateReply, type Filtered, type FlowSpec, type ReplyCheck, type ReplyLeg } from './checks.js';
import type { Blocker, QueryPath, QueryVia } from './types.js';

export interface ComponentRef {
  readonly componentType: string;
  readonly componentId: string;
}

interface Leg {
  /** 'origin': the senders as they are when the flow arrives. */
  clients: AddressSet | 'origin';
  readonly server: string;
  readonly ports: readonly [number, number];
  readonly checks: ReplyCheck[];
}

/** The reply's parts, in the order the reply crosses them; reply NACLs are judged at the end. */
type ReturnPart = { readonly kind: 'steps'; readonly steps: readonly PathStep[] } | { readonly kind: 'reply'; readonly leg: number; readonly check: number };

export class PathDraft {
  via: QueryVia | null = null;
  private forward: PathStep[] = [];
  private blockers: Blocker[] = [];
  private legs: Leg[] = [];
  private returnParts: ReturnPart[] = [];
  /** True once the flow has arrived (delivered to its destination, or left the modelled network). */
  arrived = false;

  constructor(
    public sources: AddressSet,
    /** The flow as this hop sees it (a load balancer forwards to the target's port). */
    public flow: FlowSpec,
  ) {}

  clone(): PathDraft {
    const copy = new PathDraft(this.sources, this.flow);
    copy.via = this.via;
    copy.forward = [...this.forward];
    copy.blockers = [...this.blockers];
    copy.legs = this.legs.map((leg) => ({ ...leg, checks: [...leg.checks] }));
    copy.returnParts = [...this.returnParts];
    copy.arrived = this.arrived;
    return copy;
  }

  get blocked(): boolean {
    return this.blockers.length > 0;
  }

  allBlockers(): readonly Blocker[] {
    return this.blockers;
  }

  setVia(via: QueryVia): void {
    if (this.via === null) this.via = via;
  }

  step(...steps: PathStep[]): void {
    this.forward.push(...steps);
  }

  block(code: BlockerCode, component: ComponentRef, detail: string): void {
    this.blockers.push({ code, componentType: component.componentType, componentId: component.componentId, detail });
  }

  /**
   * A filtering component: narrows the senders when it lets some through (`narrowsSenders`), else is
   * recorded as a blocker and leaves them as they were, so later components are judged on their own.
   */
  filter(result: Filtered, code: BlockerCode, component: ComponentRef, narrowsSenders = true): boolean {
    if (result.passed.isEmpty()) {
      this.block(result.code ?? code, component, result.denial);
      return false;
    }
    if (narrowsSenders) this.sources = result.passed;
    this.forward.push(...result.steps);
    return true;
  }

  /** Like `filter`, for a component the reply crosses (a return route): its steps go to the reply. */
  filterReply(result: Filtered, code: BlockerCode, component: ComponentRef): boolean {
    if (result.passed.isEmpty()) {
      this.block(result.code ?? code, component, result.denial);
      return false;
    }
    this.sources = result.passed;
    this.replySteps(...result.steps);
    return true;
  }

  /** Starts the query's own reply leg: back to the senders. */
  openLeg(server: string, ports: readonly [number, number]): void {
    this.legs.push({ clients: 'origin', server, ports, checks: [] });
  }

  /**
   * The source is translated (NAT gateway, internet gateway, load-balancer node): the reply leg so
   * far ends at the senders as they are now, and a new one starts at the translated address.
   */
  translateSource(to: AddressSet, server: string, ports: readonly [number, number]): void {
    const last = this.legs[this.legs.length - 1];
    if (last !== undefined && last.clients === 'origin') last.clients = this.sources;
    this.sources = to;
    this.legs.push({ clients: to, server, ports, checks: [] });
  }

  /** A NACL the reply of the current leg crosses, before the hops already walked. */
  replyNacl(check: ReplyCheck): void {
    const leg = this.legs.length - 1;
    this.legs[leg]!.checks.push(check);
    this.returnParts.unshift({ kind: 'reply', leg, check: this.legs[leg]!.checks.length - 1 });
  }

  /** Steps the reply crosses before those already recorded (it runs the request's path backwards). */
  replySteps(...steps: PathStep[]): void {
    this.returnParts.unshift({ kind: 'steps', steps });
  }

  /** Judges the reply legs; the query's path when nothing blocks, else null with the blockers recorded. */
  finish(): QueryPath | null {
    const judged: (readonly PathStep[])[] = [];
    for (const leg of this.legs) {
      const reply: ReplyLeg = { ...leg, clients: leg.clients };
      const outcome = evaluateReply(reply, leg.clients === 'origin' ? this.sources : leg.clients, this.flow);
      judged.push(outcome.steps);
      for (const { check, detail } of outcome.blocking) {
        this.block('SUBNET_ACL_RESTRICTION', { componentType: 'AWS::EC2::NetworkAcl', componentId: check.acl.id }, detail);
      }
      if (leg.clients === 'origin' && outcome.blocking.length === 0) this.sources = outcome.passed;
    }
    if (!this.arrived || this.blocked || this.via === null) return null;
    const back: PathStep[] = [];
    for (const part of this.returnParts) {
      if (part.kind === 'steps') back.push(...part.steps);
      else back.push(judged[part.leg]![part.check]!);
    }
    return { via: this.via, forward: this.forward, return: back };
  }
}
