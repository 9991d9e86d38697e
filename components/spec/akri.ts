import { z } from "zod";
import { AkriHandler, FilterAction } from "../core/enums";

export { AkriHandler, FilterAction } from "../core/enums";

const filter = z.strictObject({
    action: z.enum(FilterAction).default(FilterAction.Include),
    items: z.array(z.string().min(1)).min(1),
});

/** One Akri Configuration: which devices of a handler become cluster resources. */
export const akriConfigurationSchema = z.strictObject({
    /** Configuration name (DNS label). */
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "must be a lowercase DNS label" }),
    /** Discovery handler it uses. */
    handler: z.enum(AkriHandler),
    /** How many pods may use one device at a time. @default 1 */
    capacity: z.number().int().min(1).max(100).default(1),
    /** Broker image deployed per discovered device; pin a tag or digest. */
    brokerImage: z.string().min(1).optional(),
    /** Port of the per-instance and per-configuration broker services. @default 8083 */
    brokerPort: z.number().int().min(1).max(65535).default(8083),
});
export type AkriConfigurationSpec = z.infer<typeof akriConfigurationSchema>;

/** Akri in one cluster: the discovery handlers and Configurations. */
export const akriSchema = z.strictObject({
    /** udev discovery: rules in udev syntax (the chart needs at least one). */
    udev: z
        .strictObject({
            rules: z.array(z.string().min(1)).min(1, {
                error:
                    "needs at least one udev rule — e.g. 'KERNEL==\"video[0-9]*\"' " +
                    "(the Akri chart fails without one)",
            }),
        })
        .optional(),
    /** ONVIF camera discovery. */
    onvif: z
        .strictObject({
            ipAddresses: filter.optional(),
            macAddresses: filter.optional(),
            scopes: filter.optional(),
            /** @default 1 */
            discoveryTimeoutSeconds: z.number().int().min(1).max(60).default(1),
        })
        .optional(),
    /** OPC UA server discovery. */
    opcua: z
        .strictObject({
            /** Discovery endpoints. */
            discoveryUrls: z.array(z.string().regex(/^opc\.tcp:\/\//, { error: "must start with opc.tcp://" })).min(1),
        })
        .optional(),
    /** Configurations; each names a handler enabled above. @default [] */
    configurations: z.array(akriConfigurationSchema).default([]),
});
export type AkriSpec = z.infer<typeof akriSchema>;
