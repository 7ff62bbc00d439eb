package dev.cognate.admin.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.authn.Passkeys;
import dev.cognate.pools.UserPool;
import dev.cognate.store.Passkey;
import dev.cognate.users.User;
import java.time.Instant;
import java.util.List;

/**
 * A signed-in user's passkeys: StartWebAuthnRegistration and CompleteWebAuthnRegistration (in a
 * pool whose SignInPolicy allows WEB_AUTHN), ListWebAuthnCredentials and DeleteWebAuthnCredential,
 * each with the user's access token.
 */
public final class PasskeyOperations implements OperationFamily {
    static final int MAX_RESULTS = 20;

    private final SignedInUsers signedIn;
    private final UserPoolOperations pools;
    private final Passkeys passkeys;

    public PasskeyOperations(SignedInUsers signedIn, UserPoolOperations pools, Passkeys passkeys) {
        this.signedIn = signedIn;
        this.pools = pools;
        this.passkeys = passkeys;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("StartWebAuthnRegistration", StartRequest.class, this::start);
        registry.unsigned("CompleteWebAuthnRegistration", CompleteRequest.class, this::complete);
        registry.unsigned("ListWebAuthnCredentials", ListRequest.class, this::list);
        registry.unsigned("DeleteWebAuthnCredential", DeleteRequest.class, this::delete);
    }

    public record StartRequest(String accessToken) {
        @Override
        public String toString() {
            return "StartRequest";
        }
    }

    public record CompleteRequest(String accessToken, JsonNode credential) {
        @Override
        public String toString() {
            return "CompleteRequest";
        }
    }

    public record ListRequest(String accessToken, String nextToken, Integer maxResults) {
        @Override
        public String toString() {
            return "ListRequest[maxResults=" + maxResults + "]";
        }
    }

    public record DeleteRequest(String accessToken, String credentialId) {
        @Override
        public String toString() {
            return "DeleteRequest[credentialId=" + credentialId + "]";
        }
    }

    public record StartResponse(JsonNode credentialCreationOptions) {}

    /** AWS WebAuthnCredentialDescription. */
    public record Credential(String credentialId, String friendlyCredentialName, String relyingPartyId,
                             String authenticatorAttachment, List<String> authenticatorTransports, Instant createdAt) {
        static Credential of(Passkey p) {
            return new Credential(p.credentialId(), p.name(), p.rpId(), p.attachment(), p.transports(), p.createdAt());
        }
    }

    public record ListResponse(List<Credential> credentials, String nextToken) {}

    private Object start(StartRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        UserPool pool = enabledPool(user);
        return new StartResponse(refusals(() -> passkeys.startRegistration(pool, user)));
    }

    private Object complete(CompleteRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        Validate.required(r.credential(), "credential");
        if (!r.credential().isObject()) {
            throw AwsException.invalidParameter("Credential must be a WebAuthn registration response object.");
        }
        UserPool pool = enabledPool(user);
        refusals(() -> passkeys.completeRegistration(pool, user, r.credential()));
        return Empty.INSTANCE;
    }

    private Object list(ListRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        Validate.range(r.maxResults(), "maxResults", 0, MAX_RESULTS);
        String position = PageTokens.decode(r.nextToken(), "nextToken");
        int limit = r.maxResults() == null || r.maxResults() == 0 ? MAX_RESULTS : r.maxResults();
        List<Passkey> all = passkeys.of(user);
        int from = 0;
        if (position != null) {
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).credentialId().equals(position)) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                throw AwsException.invalidParameter("Invalid pagination token.");
            }
        }
        List<Passkey> page = all.subList(from, Math.min(all.size(), from + limit));
        String next = from + limit < all.size() ? PageTokens.encode(page.getLast().credentialId()) : null;
        return new ListResponse(page.stream().map(Credential::of).toList(), next);
    }

    private Object delete(DeleteRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        Validate.requiredString(r.credentialId(), "credentialId", 1, 2048);
        if (!passkeys.delete(user, r.credentialId())) {
            throw AwsException.resourceNotFound("Passkey " + r.credentialId() + " does not exist.");
        }
        return Empty.INSTANCE;
    }

    /** The user's pool, where passkeys may be registered, by a user of the pool's own (an external IdP signs its users in). */
    private UserPool enabledPool(User user) {
        UserPool pool = pools.existing(user.poolId());
        if (!Passkeys.enabled(UserAuthFlow.allowedFirstFactors(pool))) {
            throw new AwsException("WebAuthnNotEnabledException",
                    "Passkey sign-in is not enabled: the pool's SignInPolicy.AllowedFirstAuthFactors has no WEB_AUTHN.");
        }
        if (user.status() == dev.cognate.users.UserStatus.EXTERNAL_PROVIDER) {
            throw AwsException.invalidParameter("Users of an external identity provider cannot register passkeys: "
                    + "their identity provider signs them in.");
        }
        return pool;
    }

    private static <T> T refusals(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (Passkeys.Refused refused) {
            throw new AwsException(refused.type(), refused.getMessage());
        }
    }
}
