// The public library: every component and its Args.
export * from "./continuum";
export * from "./topology";
export * from "./versions";
export * from "./version-table";
export * from "./clusters/cluster";
export * as spec from "./spec";
