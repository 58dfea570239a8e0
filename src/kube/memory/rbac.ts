// RBAC authorization for the in-memory adapter, evaluated from the Role, ClusterRole and
// binding objects stored in it, as the API server's RBAC authorizer does. This lets the
// same contract tests (a user bound to a role is allowed X and refused Y) run on both adapters.

import type { KubeObject } from '../object.js';
import type { AccessAttributes, UserInfo } from '../port.js';
import { matchesLabelRequirements, type LabelRequirement } from '../selectors.js';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string }
interface RoleRef { kind: 'Role' | 'ClusterRole'; name: string }

export interface RbacObjects {
  roles: KubeObject[];
  clusterRoles: KubeObject[];
  roleBindings: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

/** Groups that are never subject to RBAC (the API server's superuser group). */
export const SUPERUSER_GROUP = 'system:masters';

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return ((role?.rules as PolicyRule[] | undefined) ?? []);
}

/** ClusterRoles with an aggregationRule take the rules of every ClusterRole their selectors match. */
function clusterRoleRules(name: string, all: KubeObject[]): PolicyRule[] {
  const role = all.find((r) => r.metadata.name === name);
  if (!role) return [];
  const agg = role.aggregationRule as { clusterRoleSelectors?: { matchLabels?: Record<string, string> }[] } | undefined;
  if (!agg?.clusterRoleSelectors) return rulesOf(role);
  const rules: PolicyRule[] = [];
  for (const sel of agg.clusterRoleSelectors) {
    const reqs: LabelRequirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in', values: [v] }));
    for (const r of all) if (r !== role && matchesLabelRequirements(r.metadata.labels, reqs)) rules.push(...rulesOf(r));
  }
  return rules;
}

function subjectMatches(s: Subject, user: UserInfo): boolean {
  if (s.kind === 'User') return s.name === user.username;
  if (s.kind === 'Group') return (user.groups ?? []).includes(s.name);
  return user.username === `system:serviceaccount:${s.namespace}:${s.name}`;
}

const has = (list: string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));

function ruleAllows(rule: PolicyRule, a: AccessAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!has(rule.apiGroups, a.group)) return false;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (!has(rule.resources, resource) && !(a.subresource && has(rule.resources, `*/${a.subresource}`))) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) return !!a.name && rule.resourceNames.includes(a.name);
  return true;
}

export function authorize(user: UserInfo, a: AccessAttributes, rbac: RbacObjects): { allowed: boolean; reason?: string } {
  if ((user.groups ?? []).includes(SUPERUSER_GROUP)) return { allowed: true, reason: `member of ${SUPERUSER_GROUP}` };
  for (const b of rbac.clusterRoleBindings) {
    if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user))) continue;
    const ref = b.roleRef as RoleRef;
    if (clusterRoleRules(ref.name, rbac.clusterRoles).some((r) => ruleAllows(r, a))) {
      return { allowed: true, reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ClusterRole "${ref.name}"` };
    }
  }
  if (a.namespace) {
    for (const b of rbac.roleBindings) {
      if (b.metadata.namespace !== a.namespace) continue;
      if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, user))) continue;
      const ref = b.roleRef as RoleRef;
      const rules = ref.kind === 'ClusterRole'
        ? clusterRoleRules(ref.name, rbac.clusterRoles)
        : rulesOf(rbac.roles.find((r) => r.metadata.namespace === a.namespace && r.metadata.name === ref.name));
      if (rules.some((r) => ruleAllows(r, a))) {
        return { allowed: true, reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${a.namespace}" of ${ref.kind} "${ref.name}"` };
      }
    }
  }
  return { allowed: false };
}

/** The API server's wording, so messages read the same on both adapters. */
export function forbiddenMessage(user: UserInfo, a: AccessAttributes, qualifiedResource: string): string {
  const target = a.name ? `${qualifiedResource} "${a.name}"` : qualifiedResource;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope';
  return `${target} is forbidden: User "${user.username}" cannot ${a.verb} resource "${res}" in API group "${a.group}"${scope}`;
}
