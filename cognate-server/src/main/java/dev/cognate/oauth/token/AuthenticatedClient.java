package dev.cognate.oauth.token;

import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;

/** A client that proved who it is (or a public client that named itself), with its pool. */
record AuthenticatedClient(UserPool pool, AppClient app) {}
