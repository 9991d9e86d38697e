/**
 * What each resource declared, for the stack policies.
 *
 * The engine hands a stack policy each resource's *outputs*. During a preview, a resource
 * whose provider is not configured yet (a cluster whose kubeconfig comes from a command that
 * has not run: every new cluster of the continuum) has no outputs at all — an empty bag —
 * so a stack policy reading outputs alone would see nothing on the first preview of a new
 * cluster. The same engine run first shows every resource's checked inputs to the resource
 * validations, in the same policy-pack process. So each stack policy also carries a
 * resource validation that only records those inputs, and reads them back by URN.
 */
import type {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
} from "@pulumi/policy";
import { toPlain, type Plain } from "./values";

const declared = new Map<string, Plain>();

/** Record the inputs of one resource (called from the resource pass of a deployment). */
export function recordDeclared(args: Pick<ResourceValidationArgs, "urn" | "props">): void {
    declared.set(args.urn, toPlain(args.props));
}

/** The declared inputs of a resource if the resource pass saw it, else its outputs. */
export function propsOf(r: PolicyResource): Plain {
    return declared.get(r.urn) ?? toPlain(r.props);
}

/** Forget everything recorded (a new deployment; tests). */
export function resetDeclared(): void {
    declared.clear();
}

/** A stack policy that also records declared inputs in the resource pass (it never reports there). */
export type DeclaredStackPolicy = StackValidationPolicy & Required<Pick<ResourceValidationPolicy, "validateResource">>;

/** Give a stack policy the recording resource pass. */
export function stackPolicy(policy: StackValidationPolicy): DeclaredStackPolicy {
    return { ...policy, validateResource: (args) => recordDeclared(args) };
}
