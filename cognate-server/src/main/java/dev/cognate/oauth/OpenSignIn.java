package dev.cognate.oauth;

import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.SignInTransactionStore.Versioned;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A sign-in transaction that is still open, as one step of it sees it: the id the browser
 * carries (only its hash is stored), the version this step read, and the pool and app client
 * it belongs to, as they are now.
 */
public record OpenSignIn(String id, Versioned versioned, UserPool pool, AppClient client) {

    public SignInTransaction transaction() {
        return versioned.transaction();
    }

    public boolean implicit() {
        return ResponseType.TOKEN.value().equals(transaction().responseType());
    }

    /** Where answers and errors go back to the app: its redirect URI, with its state, in the query or the fragment. */
    public AppRedirect reply() {
        return new AppRedirect(transaction().redirectUri(), transaction().state(), implicit());
    }

    public Set<String> scopes() {
        return new LinkedHashSet<>(transaction().scopes());
    }

    public SignInTransaction.Step step() {
        return transaction().step();
    }

    @Override
    public String toString() {
        return "OpenSignIn[" + transaction() + "]";
    }
}
