// The vocabulary of Istio resource templates: a template is a typed, pure builder (in the
// style of cdk8s) with a zod schema for its parameters, from which the parameter list the
// dashboard shows (name, type, default, description) is derived.

import type { z } from 'zod';
import type { KubeObject } from '../model/k8s.js';

/** What kind of value a parameter takes, for forms. */
export type ParameterType = 'string' | 'integer' | 'number' | 'boolean' | 'string[]' | 'enum' | 'map';

export interface TemplateParameter {
  name: string;
  type: ParameterType;
  /** Allowed values of an `enum` parameter. */
  values?: string[];
  /** The value used when the parameter is left out; absent: the parameter is optional or required. */
  default?: unknown;
  required: boolean;
  description: string;
  minimum?: number;
  maximum?: number;
}

export interface TemplateInfo {
  /** Stable, `<kind>/<what>` in lower case: `virtualservice/weighted-routing`. */
  id: string;
  kind: string;
  apiVersion: string;
  title: string;
  description: string;
  parameters: TemplateParameter[];
}

/** A template: parameters in, one object out. `build` gets the parsed (defaulted) parameters. */
export interface Template<S extends z.ZodObject = z.ZodObject> {
  id: string;
  kind: string;
  apiVersion: string;
  title: string;
  description: string;
  params: S;
  build(params: z.output<S>): KubeObject;
}

/** Declare a template with its parameter types inferred from the schema. */
export function defineTemplate<S extends z.ZodObject>(t: Template<S>): Template<S> {
  return t;
}

/** A parameter problem: which parameter, and what is wrong. */
export interface TemplateIssue {
  path: string;
  message: string;
}

export class TemplateError extends Error {
  constructor(message: string, readonly issues: TemplateIssue[] = []) {
    super(message);
    this.name = 'TemplateError';
  }
}
