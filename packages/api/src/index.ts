// @clickos/api: the HTTP API of ClickOS. cosmosd (the daemon serving it, one fastify plugin per
// resource under src/routes/) comes with the operator-interface work; this package only fixes
// the API version until then.

/** Version of the HTTP API, served under /v1. */
export const API_VERSION = 'v1';
