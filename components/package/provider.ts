// The component provider: what `pulumi package add`, `pulumi package get-schema` and a program in
// any language run (PulumiPlugin.yaml). The schema is inferred from the components' Args.
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { COMPONENTS, PACKAGE_NAME } from "./components";

void componentProviderHost({ components: COMPONENTS, dirname: __dirname, name: PACKAGE_NAME });
