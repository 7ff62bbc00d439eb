package dev.cognate.store;

import dev.cognate.users.User;
import dev.cognate.users.UserFilter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Users of pools with their attributes. Usernames are unique per pool by
 * {@link User#usernameKey()}, subs are unique per pool. Deleting a user deletes its
 * attributes, identity links and group memberships.
 */
public interface UserStore {
    /** @throws DuplicateKeyException when the pool has a user with this username key or sub */
    default void insert(User user) {
        insert(user, false);
    }

    /**
     * As {@link #insert(User)}, with SMS MFA turned on (enabled, not preferred) in the same
     * transaction when {@code smsMfaOn}: a bulk import's {@code cognito:mfa_enabled}, which must
     * never leave a user imported without the factor the file gave them.
     */
    void insert(User user, boolean smsMfaOn);

    /**
     * Inserts users in one transaction, as batches (a bulk load's write path): all or none.
     * @throws DuplicateKeyException when one clashes with another or with the pool's users
     */
    default void insertAll(List<User> users) {
        insertAll(users, java.util.Set.of());
    }

    /** As {@link #insertAll(List)}, with SMS MFA turned on in the same transaction for the users of these username keys. */
    void insertAll(List<User> users, java.util.Set<String> smsMfaOn);

    Optional<User> find(String poolId, String usernameKey);

    Optional<User> findBySub(String poolId, String sub);

    /** The users whose attribute {@code name} equals {@code value} (ignoring case if asked). */
    List<User> findByAttribute(String poolId, String name, String value, boolean ignoreCase);

    /** The users with these usernames (as stored, not keys), in username order; missing ones are left out. */
    List<User> findAll(String poolId, Collection<String> usernames);

    /**
     * Writes what {@code changed} changes of {@code read}, the user as the caller read it: the
     * state (status, enabled, password, token revocation) that differs, the attributes added,
     * changed or removed, and the modification time; nothing else. So whatever was changed
     * meanwhile in another part of the user (AdminDisableUser, a global sign-out, an
     * administrator's attribute) is kept, never undone by a write that started from an older
     * read (lost update). The credentials (status with password) and each address (email,
     * phone_number, with its verification) are written whole and only over what was read; a
     * revocation only moves later. Other attributes: the later write stands.
     *
     * @return false when the user does not exist
     * @throws ConcurrentChangeException when the credentials or an address it writes were changed since {@code read}
     */
    boolean update(User read, User changed);

    /**
     * AdminDisableUser and AdminEnableUser: sets {@code enabled}, whatever it was, and when
     * {@code revokeBefore} is given revokes the tokens issued before it. Nothing else of the user.
     * @return false when the user does not exist
     */
    boolean setEnabled(String poolId, String username, boolean enabled, Instant revokeBefore, Instant now);

    /**
     * Marks {@code attribute} (email or phone_number) verified, in one step, only while it still
     * holds {@code value}: nothing else of the user is written, so no concurrent change is undone.
     * @return false when the user does not exist or the attribute holds another value now
     */
    boolean markVerified(String poolId, String username, String attribute, String value, Instant now);

    /** Sets the instant before which the user's tokens are revoked. @return false when the user does not exist */
    boolean revokeTokensBefore(String poolId, String username, Instant instant);

    /** @return false when the user does not exist */
    boolean delete(String poolId, String username);

    /**
     * Users matching {@code filter} (null for all), ordered by username key, starting after the
     * username key {@code after} (null for the first page).
     */
    Page<User> list(String poolId, UserFilter filter, String after, int limit);

    long countUsers(String poolId);
}
