package dev.cognate.authn;

import dev.cognate.users.Usernames;
import dev.cognate.users.UserStatus;
import dev.cognate.users.User;
import dev.cognate.users.PasswordHasher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cognate.store.jdbc.Docs;
import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.UserPool;
import dev.cognate.store.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The NEW_PASSWORD_REQUIRED challenge: after a right temporary password, a sealed session
 * names the user (for the hosted page and RespondToAuthChallenge alike); answering it with a
 * password that meets the pool's policy confirms the user.
 */
public final class NewPasswordChallenge {
    static final String CONTEXT = "new-password-challenge";
    /** The stored-document mapper: it reads and writes {@link Instant}. */
    private static final ObjectMapper JSON = Docs.MAPPER;

    /**
     * Who the session is for, and until when it may be answered. {@code sub}: the user's sub, so
     * a user deleted and created again under the same name is not the session's user; null in a
     * session issued before it was carried, which is then held to its username only. Not in
     * {@link #toString}.
     */
    public record Pending(String poolId, String clientId, String username, Instant expiresAt, String sub) {
        /** Whether {@code user}, found by the session's username, is the session's user and may go on. */
        public boolean isFor(User user) {
            return user.enabled() && user.username().equals(username) && (sub == null || sub.equals(user.sub()));
        }

        @Override
        public String toString() {
            return "Pending[poolId=" + poolId + ", clientId=" + clientId + ", username=" + username + "]";
        }
    }

    /** The result of answering the challenge. */
    public sealed interface Answer {
        record Confirmed(User user) implements Answer {}

        /** The new password breaks the pool's policy; the message says which rule. */
        record Rejected(String message) implements Answer {}
    }

    private final SecretBox box;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final SrpVerifiers verifiers;
    private final Clock clock;

    /** The sign-in the new password completes is told to the post authentication hook by its caller, once any second factor is answered too. */
    public NewPasswordChallenge(SecretBox box, UserStore users, PasswordHasher hasher, SrpVerifiers verifiers, Clock clock) {
        this.box = box;
        this.users = users;
        this.hasher = hasher;
        this.verifiers = verifiers;
        this.clock = clock;
    }

    /** A sealed session for {@code user}'s answer, bound to their name and sub. */
    public String issue(String clientId, User user, Duration validity) {
        Pending pending = new Pending(user.poolId(), clientId, user.username(), clock.instant().plus(validity), user.sub());
        try {
            return box.seal(JSON.writeValueAsString(pending), CONTEXT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pending challenge, if the session is ours, unexpired and for this client. */
    public Optional<Pending> open(String session, String clientId) {
        if (session == null || session.isBlank() || session.length() > 4096) {
            return Optional.empty();
        }
        try {
            Pending pending = JSON.readValue(box.open(session, CONTEXT), Pending.class);
            if (pending.expiresAt().isBefore(clock.instant()) || !pending.clientId().equals(clientId)) {
                return Optional.empty();
            }
            return Optional.of(pending);
        } catch (RuntimeException | JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public Answer answer(UserPool pool, Pending pending, String newPassword) {
        User user = users.find(pool.id(), Usernames.key(pool, pending.username()))
                .filter(u -> u.status() == UserStatus.FORCE_CHANGE_PASSWORD && pending.isFor(u))
                .orElse(null);
        if (user == null) {
            return new Answer.Rejected("Invalid session for the user, session is expired.");
        }
        if (newPassword == null || newPassword.isEmpty()) {
            return new Answer.Rejected("Enter a new password.");
        }
        String violation = pool.passwordPolicy().violation(newPassword);
        if (violation != null) {
            return new Answer.Rejected(violation);
        }
        User confirmed = user.withPassword(hasher.hash(newPassword), UserStatus.CONFIRMED, clock.instant());
        users.update(user, confirmed);
        verifiers.remember(confirmed, newPassword);
        return new Answer.Confirmed(confirmed);
    }
}
