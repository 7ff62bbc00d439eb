package dev.cognate.federation;

import dev.cognate.http.WireJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.FederatedIdentityStore;
import dev.cognate.store.GroupStore;
import dev.cognate.store.IdentityLinkStore;
import dev.cognate.store.IdpGroupStore;
import dev.cognate.store.UserStore;
import dev.cognate.triggers.LambdaFailure;
import dev.cognate.triggers.Triggers;
import dev.cognate.users.FederatedIdentity;
import dev.cognate.users.Group;
import dev.cognate.users.IdentityLink;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserStatus;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an identity an IdP vouched for into a pool user, as Cognito does, keyed by the
 * identity and never by e-mail:
 * <ol>
 *   <li>an identity linked with AdminLinkProviderForUser ({@code Cognito_Subject} = the value of
 *       the claim mapped to {@code username}, {@code sub} by default) signs in as that user;</li>
 *   <li>else the user this (provider, issuer, subject) signed up as before;</li>
 *   <li>else a new user {@code <ProviderName>_<subject claim>}: status EXTERNAL_PROVIDER, a new
 *       UUID {@code sub}, the {@code identities} attribute in Cognito's JSON shape, member of
 *       the group {@code <poolId>_<ProviderName>} (created when missing).</li>
 * </ol>
 * Then the attribute mapping ({@link AttributeMapping}) and, with {@code groups_claim}, the
 * user's IdP groups. A user with the would-be username that is not this identity's is never
 * taken over: the sign-in is refused.
 */
public final class FederatedSignIn {
    public static final int MAX_USERNAME_LENGTH = 300;
    private static final ObjectMapper JSON = WireJson.PLAIN;

    /** How a federated sign-in ended. */
    public sealed interface Result {
        record SignedIn(User user) implements Result {}

        /** The identity cannot sign in; the description is fit for the app's error_description. */
        record Refused(String description) implements Result {}
    }

    /** One entry of the {@code identities} attribute, member order and string types as Cognito writes them. */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"userId", "providerName", "providerType", "issuer", "primary",
            "dateCreated"})
    record IdentityEntry(String userId, String providerName, String providerType, String issuer, String primary,
                         String dateCreated) {}

    private final UserStore users;
    private final IdentityLinkStore links;
    private final FederatedIdentityStore identities;
    private final GroupStore groups;
    private final IdpGroupStore idpGroups;
    private final Clock clock;
    private final Triggers triggers;

    public FederatedSignIn(UserStore users, IdentityLinkStore links, FederatedIdentityStore identities, GroupStore groups,
                           IdpGroupStore idpGroups, Clock clock) {
        this(users, links, identities, groups, idpGroups, clock, null);
    }

    /** @param triggers the pools' Lambda triggers (PreSignUp_ExternalProvider on a first sign-in); null for none */
    public FederatedSignIn(UserStore users, IdentityLinkStore links, FederatedIdentityStore identities, GroupStore groups,
                           IdpGroupStore idpGroups, Clock clock, Triggers triggers) {
        this.triggers = triggers;
        this.users = users;
        this.links = links;
        this.identities = identities;
        this.groups = groups;
        this.idpGroups = idpGroups;
        this.clock = clock;
    }

    public Result signIn(UserPool pool, IdentityProvider provider, Identity identity) {
        return signIn(pool, provider, identity, null);
    }

    /** @param clientId the app client the sign-in is for (its triggers' callerContext) */
    public Result signIn(UserPool pool, IdentityProvider provider, Identity identity, String clientId) {
        String usernameClaim = provider.attributeMapping().getOrDefault("username",
                provider.type().defaultUsernameClaim().orElse("sub"));
        Optional<String> cognitoSubject = identity.claims().string(usernameClaim);
        if (cognitoSubject.isEmpty() || cognitoSubject.get().isBlank()) {
            return new Result.Refused(provider.name() + " sent no " + usernameClaim
                    + " claim, which the provider's attribute mapping uses for the username.");
        }
        Optional<User> linked = links.find(pool.id(), provider.name(), IdentityLink.SUBJECT, cognitoSubject.get())
                .flatMap(link -> user(pool, link.username()));
        if (linked.isPresent()) {
            return update(pool, provider, identity, cognitoSubject.get(), linked.get(), false);
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<User> known = identities.find(pool.id(), provider.name(), identity.issuer(), identity.subject())
                    .flatMap(key -> user(pool, key.username()));
            if (known.isPresent()) {
                return update(pool, provider, identity, cognitoSubject.get(), known.get(), false);
            }
            Result provisioned = provision(pool, provider, identity, cognitoSubject.get(), clientId);
            if (provisioned != null) {
                return provisioned;
            }
            // Another node signed this identity up at the same moment: look again.
        }
        return new Result.Refused("The user could not be signed up through " + provider.name() + "; try again.");
    }

    /** The new user, a refusal, or null when a concurrent sign-in of the same identity won the race. */
    private Result provision(UserPool pool, IdentityProvider provider, Identity identity, String cognitoSubject,
                             String clientId) {
        String username = provider.name() + "_" + cognitoSubject;
        if (username.length() > MAX_USERNAME_LENGTH) {
            return new Result.Refused("The username " + provider.name() + " gives this user would be longer than "
                    + MAX_USERNAME_LENGTH + " characters.");
        }
        Instant now = clock.instant();
        Optional<User> holder = user(pool, username);
        if (holder.isPresent()) {
            return adopt(pool, provider, identity, cognitoSubject, holder.get(), now);
        }
        List<UserAttribute> initial = List.of(new UserAttribute("identities", identitiesJson(null, provider,
                cognitoSubject, now)));
        AttributeMapping.Result mapped = AttributeMapping.apply(pool, provider, identity.claims(), initial, true);
        if (mapped instanceof AttributeMapping.Result.Refused refused) {
            return new Result.Refused(refused.description());
        }
        List<UserAttribute> attributes = ((AttributeMapping.Result.Mapped) mapped).attributes();
        if (triggers != null) {
            try {
                attributes = preSignUp(pool, clientId, username, attributes);
            } catch (LambdaFailure e) {
                return new Result.Refused(e.getMessage());
            }
        }
        User user = new User(pool.id(), username, Usernames.key(pool, username), UUID.randomUUID().toString(),
                attributes, true, UserStatus.EXTERNAL_PROVIDER, null, now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            return null;
        }
        if (!key(pool, provider, identity, username, now)) {
            return null;
        }
        joinProviderGroup(pool, provider, username, now);
        idpGroups(pool, provider, identity, username);
        return new Result.SignedIn(user);
    }

    /**
     * PreSignUp_ExternalProvider before the user is created: a function error refuses the sign-in
     * (nothing is created); autoVerifyEmail / autoVerifyPhone mark a mapped address verified.
     */
    private List<UserAttribute> preSignUp(UserPool pool, String clientId, String username, List<UserAttribute> attributes) {
        java.util.Map<String, String> given = new java.util.LinkedHashMap<>();
        attributes.forEach(a -> given.put(a.name(), a.value()));
        Triggers.SignUpDecision decision = triggers.preSignUp(pool, Triggers.SignUpSource.EXTERNAL_PROVIDER, clientId,
                username, given, null, null);
        if (decision.autoVerifyEmail() && given.containsKey("email")) {
            given.put("email_verified", "true");
        }
        if (decision.autoVerifyPhone() && given.containsKey("phone_number")) {
            given.put("phone_number_verified", "true");
        }
        return given.entrySet().stream().map(e -> new UserAttribute(e.getKey(), e.getValue())).toList();
    }

    /**
     * A user already holds the would-be username. It is this identity's only if federation made it for
     * this provider and subject (its {@code identities} say so) and no other identity is keyed to it: a
     * sign-in whose key row was not written yet (a concurrent first sign-in). Anything else is refused.
     */
    private Result adopt(UserPool pool, IdentityProvider provider, Identity identity, String cognitoSubject, User holder,
                         Instant now) {
        boolean federatedForThis = holder.status() == UserStatus.EXTERNAL_PROVIDER
                && entries(holder.attribute("identities").orElse(null)).stream()
                .anyMatch(e -> provider.name().equals(e.providerName()) && cognitoSubject.equals(e.userId()));
        List<FederatedIdentity> keyed = federatedForThis ? identities.identitiesOf(pool.id(), holder.username()) : List.of();
        if (keyed.stream().anyMatch(k -> isThis(k, provider, identity))) {
            // A concurrent first sign-in of this same identity keyed the user after this one looked: look again.
            return null;
        }
        if (!federatedForThis || !keyed.isEmpty()) {
            return new Result.Refused("The user " + holder.username() + " already exists and is not this " + provider.name()
                    + " identity, so the sign-in cannot use it.");
        }
        if (!key(pool, provider, identity, holder.username(), now)) {
            return null;
        }
        return update(pool, provider, identity, cognitoSubject, holder, true);
    }

    private Result update(UserPool pool, IdentityProvider provider, Identity identity, String cognitoSubject, User user,
                          boolean provisioned) {
        if (!user.enabled()) {
            return new Result.Refused("User is disabled.");
        }
        Instant now = clock.instant();
        List<UserAttribute> stored = new ArrayList<>(user.attributes());
        String identitiesNow = identitiesJson(user.attribute("identities").orElse(null), provider, cognitoSubject, now);
        stored.removeIf(a -> a.name().equals("identities"));
        stored.add(new UserAttribute("identities", identitiesNow));
        AttributeMapping.Result mapped = AttributeMapping.apply(pool, provider, identity.claims(), stored, false);
        if (mapped instanceof AttributeMapping.Result.Refused refused) {
            return new Result.Refused(refused.description());
        }
        List<UserAttribute> attributes = ((AttributeMapping.Result.Mapped) mapped).attributes();
        User updated = user;
        // A returning user whose claims changed nothing costs no write (a user deleted meanwhile is
        // caught where the sign-in completes, which reads the user again).
        if (!sameValues(user.attributes(), attributes)) {
            updated = user.withAttributes(attributes, now);
            try {
                if (!users.update(user, updated)) {
                    return new Result.Refused("User does not exist.");
                }
            } catch (ConcurrentChangeException e) {
                return new Result.Refused("The user's e-mail address or phone number was changed during this sign-in; "
                        + "sign in again.");
            }
        }
        if (provisioned) {
            joinProviderGroup(pool, provider, user.username(), now);
        } else if (user.status() == UserStatus.EXTERNAL_PROVIDER
                && !groups.groupNamesOf(pool.id(), user.username()).contains(providerGroup(pool, provider))) {
            joinProviderGroup(pool, provider, user.username(), now);
        }
        idpGroups(pool, provider, identity, user.username());
        return new Result.SignedIn(updated);
    }

    private static boolean isThis(FederatedIdentity keyed, IdentityProvider provider, Identity identity) {
        return keyed.providerName().equals(provider.name()) && keyed.issuer().equals(identity.issuer())
                && keyed.subject().equals(identity.subject());
    }

    /** Records which user the identity is; false when another sign-in of the same identity got there first. */
    private boolean key(UserPool pool, IdentityProvider provider, Identity identity, String username, Instant now) {
        try {
            identities.insert(new FederatedIdentity(pool.id(), provider.name(), identity.issuer(), identity.subject(),
                    username, now));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    private static boolean sameValues(List<UserAttribute> before, List<UserAttribute> after) {
        return before.size() == after.size() && values(before).equals(values(after));
    }

    private static Map<String, String> values(List<UserAttribute> attributes) {
        Map<String, String> values = new HashMap<>();
        attributes.forEach(a -> values.put(a.name(), a.value()));
        return values;
    }

    private static String providerGroup(UserPool pool, IdentityProvider provider) {
        return pool.id() + "_" + provider.name();
    }

    private void joinProviderGroup(UserPool pool, IdentityProvider provider, String username, Instant now) {
        String name = providerGroup(pool, provider);
        if (groups.find(pool.id(), name).isEmpty()) {
            try {
                groups.insert(new Group(pool.id(), name, "Autogenerated group for users who sign in using "
                        + provider.name(), null, null, now, now));
            } catch (DuplicateKeyException e) {
                // created by a concurrent sign-in
            }
        }
        groups.addMember(pool.id(), name, username);
    }

    private void idpGroups(UserPool pool, IdentityProvider provider, Identity identity, String username) {
        if (provider.type() == ProviderType.OIDC && provider.oidc().groupsClaimName().isPresent()) {
            idpGroups.replace(pool.id(), username, provider.name(), identity.groups());
        }
    }

    private Optional<User> user(UserPool pool, String username) {
        return users.find(pool.id(), Usernames.key(pool, username));
    }

    /** The {@code identities} attribute with this identity in it (added once, primary when it is the first). */
    static String identitiesJson(String current, IdentityProvider provider, String cognitoSubject, Instant now) {
        List<IdentityEntry> entries = new ArrayList<>(entries(current));
        boolean present = entries.stream()
                .anyMatch(e -> provider.name().equals(e.providerName()) && cognitoSubject.equals(e.userId()));
        if (!present) {
            entries.add(new IdentityEntry(cognitoSubject, provider.name(), provider.type().awsName(), null,
                    entries.isEmpty() ? "true" : "false", Long.toString(now.toEpochMilli())));
        }
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<IdentityEntry> entries(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<IdentityEntry>>() {});
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
