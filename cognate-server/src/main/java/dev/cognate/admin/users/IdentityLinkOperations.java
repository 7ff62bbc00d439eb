package dev.cognate.admin.users;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.IdentityLinkStore;
import dev.cognate.store.UserStore;
import dev.cognate.users.IdentityLink;
import dev.cognate.users.User;
import dev.cognate.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * AdminLinkProviderForUser and AdminDisableProviderForUser: external identities that sign in
 * as an existing user, and taking them (or a user's own password sign-in) away again.
 */
public final class IdentityLinkOperations implements OperationFamily {
    public static final String COGNITO = "Cognito";
    public static final int MAX_LINKS_PER_USER = 5;
    private static final Pattern PROVIDER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");

    private final UserPoolOperations pools;
    private final UserOperations userOperations;
    private final UserStore users;
    private final IdentityLinkStore links;
    private final BiPredicate<String, String> providerExists;
    private final Clock clock;

    /** @param providerExists whether a pool (first argument) has an identity provider of this name (second) */
    public IdentityLinkOperations(UserPoolOperations pools, UserOperations userOperations, UserStore users,
                                  IdentityLinkStore links, BiPredicate<String, String> providerExists, Clock clock) {
        this.pools = pools;
        this.userOperations = userOperations;
        this.users = users;
        this.links = links;
        this.providerExists = providerExists;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("AdminLinkProviderForUser", AdminLinkProviderForUserRequest.class, this::link);
        registry.signed("AdminDisableProviderForUser", AdminDisableProviderForUserRequest.class, this::disable);
    }

    /** AWS ProviderUserIdentifierType. */
    public record ProviderUser(String providerName, String providerAttributeName, String providerAttributeValue) {}

    public record AdminLinkProviderForUserRequest(String userPoolId, ProviderUser destinationUser, ProviderUser sourceUser) {}

    public record AdminDisableProviderForUserRequest(String userPoolId, ProviderUser user) {}

    private Object link(AdminLinkProviderForUserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        ProviderUser destination = checked(r.destinationUser(), "destinationUser", false);
        ProviderUser source = checked(r.sourceUser(), "sourceUser", true);
        if (source.providerName().equals(COGNITO)) {
            throw AwsException.invalidParameter("The SourceUser must be an identity of an external provider, not a "
                    + "Cognito user; its ProviderName cannot be Cognito.");
        }
        if (!providerExists.test(pool.id(), source.providerName())) {
            throw AwsException.invalidParameter("The SourceUser's ProviderName " + source.providerName()
                    + " is not an identity provider of user pool " + pool.id() + ".");
        }
        User target = destination(pool, destination);
        if (source.providerAttributeName().equals(IdentityLink.SUBJECT)
                && federatedUser(pool, source.providerName(), source.providerAttributeValue()).isPresent()) {
            throw AwsException.invalidParameter(
                    "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link");
        }
        Optional<IdentityLink> existing = links.find(pool.id(), source.providerName(),
                source.providerAttributeName(), source.providerAttributeValue());
        if (existing.isPresent()) {
            if (existing.get().username().equals(target.username())) {
                return Empty.INSTANCE;
            }
            throw linkedElsewhere();
        }
        if (links.linksOf(pool.id(), target.username()).size() >= MAX_LINKS_PER_USER) {
            throw AwsException.limitExceeded("A user can be linked to at most " + MAX_LINKS_PER_USER
                    + " external identities; user " + target.username() + " already has " + MAX_LINKS_PER_USER + ".");
        }
        try {
            links.insert(new IdentityLink(pool.id(), source.providerName(), source.providerAttributeName(),
                    source.providerAttributeValue(), target.username(), clock.instant()));
        } catch (DuplicateKeyException e) {
            throw linkedElsewhere();
        }
        return Empty.INSTANCE;
    }

    /**
     * Provider {@code Cognito}: the user (ProviderAttributeValue is its username) can no longer
     * sign in with a password. Another provider: the identity's link goes, and the user that
     * identity signed up as ({@code <provider>_<subject>}), if any, is disabled.
     */
    private Object disable(AdminDisableProviderForUserRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        ProviderUser identity = checked(r.user(), "user", true);
        Instant now = clock.instant();
        if (identity.providerName().equals(COGNITO)) {
            if (!identity.providerAttributeName().equals(IdentityLink.SUBJECT)) {
                throw AwsException.invalidParameter("To disable a Cognito user's sign-in, ProviderAttributeName must be "
                        + IdentityLink.SUBJECT + " and ProviderAttributeValue its username.");
            }
            User user = userOperations.existingUser(pool, UserOperations.username(identity.providerAttributeValue()));
            if (!users.update(user, user.withPassword(null, user.status(), now).withTokensRevokedBefore(now))) {
                throw AwsException.userNotFound();
            }
            return Empty.INSTANCE;
        }
        boolean unlinked = links.delete(pool.id(), identity.providerName(), identity.providerAttributeName(),
                identity.providerAttributeValue());
        Optional<User> federated = identity.providerAttributeName().equals(IdentityLink.SUBJECT)
                ? federatedUser(pool, identity.providerName(), identity.providerAttributeValue())
                : Optional.empty();
        federated.ifPresent(user -> users.setEnabled(pool.id(), user.username(), false, now, now));
        if (!unlinked && federated.isEmpty()) {
            throw AwsException.userNotFound();
        }
        return Empty.INSTANCE;
    }

    /** The user a DestinationUser names: a Cognito username, or a federated user by provider and subject. */
    private User destination(UserPool pool, ProviderUser destination) {
        if (destination.providerName().equals(COGNITO)) {
            return userOperations.existingUser(pool, UserOperations.username(destination.providerAttributeValue()));
        }
        return federatedUser(pool, destination.providerName(), destination.providerAttributeValue())
                .orElseThrow(AwsException::userNotFound);
    }

    /** The user an external identity signed up as: {@code <ProviderName>_<subject>}. */
    private Optional<User> federatedUser(UserPool pool, String providerName, String subject) {
        return users.find(pool.id(), Usernames.key(pool, providerName + "_" + subject));
    }

    private static ProviderUser checked(ProviderUser user, String member, boolean needsAttributeName) {
        Validate.required(user, member);
        Validate.requiredString(user.providerName(), member + ".providerName", 1, 32);
        Validate.pattern(user.providerName(), member + ".providerName", PROVIDER_NAME);
        Validate.requiredString(user.providerAttributeValue(), member + ".providerAttributeValue", 1, 512);
        if (needsAttributeName) {
            Validate.requiredString(user.providerAttributeName(), member + ".providerAttributeName", 1, 128);
        } else {
            Validate.length(user.providerAttributeName(), member + ".providerAttributeName", 0, 128);
        }
        return user;
    }

    private static AwsException linkedElsewhere() {
        return new AwsException("AliasExistsException", "The SourceUser is already linked to another user.");
    }
}
