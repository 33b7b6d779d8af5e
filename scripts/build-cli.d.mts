// Types of scripts/build-cli.mjs (plain JavaScript: it runs before anything is installed).
/** Whether the build in .cli/ was made from the sources as they are now. */
export function cliBuildFresh(): boolean;
/** Builds the CLI into .cli/; resolves to the number of source files in the build. */
export function buildCli(): Promise<number>;
