package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.crypto.ConstantTime;
import dev.cognate.crypto.Hashes;
import dev.cognate.crypto.RandomIds;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.SignInTransactionStore;
import dev.cognate.store.SignInTransactionStore.Versioned;
import dev.cognate.store.UserPoolStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sign-in transaction's life (after node-oidc-provider's interactions and Dex's
 * AuthRequest): {@code /oauth2/authorize} begins one once its checks pass, each interaction
 * resumes it from the id the browser carries and moves it on, and {@link SignInCompletion}
 * ends it. It lives in the store, so any node can serve any step; every step must come from
 * the browser it is bound to. No HTTP here: callers hand in plain values.
 */
public final class SignInTransactions {
    /** How long a user may take over a whole sign-in (Keycloak's default login timeout). */
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SignInTransactionStore store;
    private final UserPoolStore pools;
    private final AppClientStore clients;
    private final Clock clock;

    public SignInTransactions(SignInTransactionStore store, UserPoolStore pools, AppClientStore clients, Clock clock) {
        this.store = store;
        this.pools = pools;
        this.clients = clients;
        this.clock = clock;
    }

    /** Begins the sign-in of a request that passed every check, bound to the browser whose binding hash is given. */
    public OpenSignIn begin(ValidatedAuthorization v, String browserBindingHash) {
        Instant now = clock.instant();
        SignInTransaction transaction = new SignInTransaction(v.pool().id(), v.client().clientId(), v.redirectUri(),
                v.responseType().value(), new ArrayList<>(v.scopes()), v.state(), v.nonce(), v.codeChallenge(),
                new ArrayList<>(v.prompt()), v.request().loginHint(), v.identityProvider(), browserBindingHash,
                SignInTransaction.Step.START, now, now.plus(LIFETIME));
        String id = RandomIds.token();
        String idHash = Hashes.sha256Hex(id);
        store.create(idHash, transaction);
        return new OpenSignIn(id, new Versioned(idHash, 0, transaction), v.pool(), v.client());
    }

    /**
     * The open transaction with this id, if the browser is the one it is bound to and its app
     * still accepts it (the client exists in the pool and still has the redirect URI).
     */
    public Optional<OpenSignIn> resume(String id, String browserBindingHash) {
        if (id == null || !ID.matcher(id).matches() || browserBindingHash == null) {
            return Optional.empty();
        }
        return store.findOpen(Hashes.sha256Hex(id), clock.instant())
                .filter(v -> ConstantTime.equals(v.transaction().browserBindingHash(), browserBindingHash))
                .flatMap(v -> withApp(id, v));
    }

    /** The open transaction found by the store (e.g. through an IdP's state), with its pool and client as they are now. */
    public Optional<OpenSignIn> withApp(String id, Versioned versioned) {
        SignInTransaction t = versioned.transaction();
        Optional<UserPool> pool = pools.find(t.poolId());
        Optional<AppClient> client = clients.find(t.poolId(), t.clientId()).filter(c -> c.hasCallbackUrl(t.redirectUri()));
        if (pool.isEmpty() || client.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OpenSignIn(id, versioned, pool.get(), client.get()));
    }

    /** Moves the sign-in to its next step; empty when another request moved or ended it first. */
    public Optional<OpenSignIn> advance(OpenSignIn open, SignInTransaction.Step next) {
        return advance(open, next, null);
    }

    /** Moves the sign-in to an upstream IdP, remembering the hash of the state sent there. */
    public Optional<OpenSignIn> advance(OpenSignIn open, SignInTransaction.Step next, String upstreamStateHash) {
        SignInTransaction moved = open.transaction().at(next);
        if (!store.advance(open.versioned(), moved, upstreamStateHash)) {
            return Optional.empty();
        }
        Versioned v = open.versioned();
        return Optional.of(new OpenSignIn(open.id(), new Versioned(v.idHash(), v.version() + 1, moved), open.pool(),
                open.client()));
    }

    /** Consumes the state an IdP answered with: at most once, across every node. */
    public SignInTransactionStore.UpstreamAnswer consumeUpstream(String upstreamState) {
        return store.consumeUpstream(Hashes.sha256Hex(upstreamState), clock.instant());
    }

    /** Ends the sign-in: true for exactly one caller. */
    boolean finish(OpenSignIn open) {
        return store.finish(open.versioned(), clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }
}
