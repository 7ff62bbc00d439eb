package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.jdbc.JdbcIdentityLinkStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.IdentityLink;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserFilter.Field;
import dev.cognate.users.UserFilter.Match;
import dev.cognate.users.UserStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class UserStoreConformanceTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String OTHER_POOL = "us-east-1_BBBBBBBBB";

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    UserStore users;
    IdentityLinkStore links;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        users = new JdbcUserStore(database.jdbi());
        links = new JdbcIdentityLinkStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    static User user(String pool, String username, UserAttribute... attributes) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new User(pool, username, username.toLowerCase(), UUID.randomUUID().toString(), List.of(attributes),
                true, UserStatus.FORCE_CHANGE_PASSWORD, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", now, now, null);
    }

    static UserAttribute attr(String name, String value) {
        return new UserAttribute(name, value);
    }

    @Test
    void insertedUserReadsBackEqualByUsernameKeyAndBySub() {
        User alice = user(POOL, "Alice", attr("email", "alice@example.com"), attr("given_name", "Alice"));
        users.insert(alice);
        assertThat(users.find(POOL, "alice")).contains(alice);
        assertThat(users.findBySub(POOL, alice.sub())).contains(alice);
        assertThat(users.find(POOL, "Alice")).isEmpty();
        assertThat(users.find(OTHER_POOL, "alice")).isEmpty();
    }

    @Test
    void markingAnAttributeVerifiedWritesThatAloneAndOnlyWhileItHoldsTheValueChecked() {
        User bob = user(POOL, "Bob", attr("phone_number", "+15550001111"), attr("given_name", "Bob"));
        users.insert(bob);
        Instant later = bob.lastModifiedAt().plusSeconds(5);

        assertThat(users.markVerified(POOL, "Bob", "phone_number", "+15550002222", later)).isFalse();
        assertThat(users.find(POOL, "bob").orElseThrow().isVerified("phone_number")).isFalse();
        assertThat(users.markVerified(POOL, "Bob", "phone_number", "+15550001111", later)).isTrue();

        User marked = users.find(POOL, "bob").orElseThrow();
        assertThat(marked.isVerified("phone_number")).isTrue();
        assertThat(marked.attribute("given_name")).contains("Bob");
        assertThat(marked.passwordHash()).isEqualTo(bob.passwordHash());
        assertThat(marked.lastModifiedAt()).isEqualTo(later);
        assertThat(users.markVerified(POOL, "Nobody", "phone_number", "+15550001111", later)).isFalse();
    }

    @Test
    void usernameKeyAndSubAreUniquePerPool() {
        User alice = user(POOL, "alice");
        users.insert(alice);
        assertThatThrownBy(() -> users.insert(user(POOL, "ALICE"))).isInstanceOf(DuplicateKeyException.class);
        User sameSub = new User(POOL, "bob", "bob", alice.sub(), List.of(), true, UserStatus.CONFIRMED, null,
                alice.createdAt(), alice.createdAt(), null);
        assertThatThrownBy(() -> users.insert(sameSub)).isInstanceOf(DuplicateKeyException.class);
        users.insert(user(OTHER_POOL, "alice"));
    }

    @Test
    void updateWritesTheChangedStateAndAttributes() {
        User alice = user(POOL, "alice", attr("email", "a@example.com"), attr("name", "A"));
        assertThat(users.update(alice, alice.withEnabled(false, alice.createdAt()))).isFalse();
        users.insert(alice);
        Instant later = alice.createdAt().plusSeconds(5);
        User changed = alice.withAttributes(List.of(attr("email", "b@example.com"), attr("locale", "fr")), later)
                .withEnabled(false, later)
                .withPassword(null, UserStatus.CONFIRMED, later)
                .withTokensRevokedBefore(later);
        assertThat(users.update(alice, changed)).isTrue();
        assertThat(users.find(POOL, "alice")).contains(changed);
    }

    @Test
    void lostUpdateAWriteFromAnOlderReadDoesNotUndoADisableOrASignOut() {
        User read = user(POOL, "alice", attr("email", "a@example.com"), attr("name", "A"));
        users.insert(read);
        Instant disabledAt = read.createdAt().plusSeconds(1);
        // an administrator disables the user (and revokes its tokens) after this read...
        users.update(read, read.withEnabled(false, disabledAt).withTokensRevokedBefore(disabledAt));
        // ...and a change of the user's own, started from that read, lands after it
        Instant later = read.createdAt().plusSeconds(2);
        assertThat(users.update(read, read.withPassword("new-hash", read.status(), later)
                .withAttributes(List.of(attr("email", "a@example.com"), attr("name", "B")), later))).isTrue();

        User stored = users.find(POOL, "alice").orElseThrow();
        assertThat(stored.enabled()).isFalse();
        assertThat(stored.tokensRevokedBefore()).isEqualTo(disabledAt);
        assertThat(stored.passwordHash()).isEqualTo("new-hash");
        assertThat(stored.attribute("name")).contains("B");
    }

    @Test
    void lostUpdateAWriteFromAnOlderReadDoesNotUndoAPasswordSetMeanwhile() {
        User read = user(POOL, "alice", attr("name", "A"));
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        users.update(read, read.withPassword("administrator's-hash", UserStatus.CONFIRMED, later));
        users.update(read, read.withAttributes(List.of(attr("name", "B")), later));

        assertThat(users.find(POOL, "alice").orElseThrow().passwordHash()).isEqualTo("administrator's-hash");
    }

    @Test
    void lostUpdateAttributesChangedByTwoWritersFromOneReadBothLand() {
        User read = user(POOL, "alice", attr("email", "a@example.com"), attr("email_verified", "false"),
                attr("name", "A"), attr("locale", "en"));
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        users.update(read, read.withAttributes(List.of(attr("email", "a@example.com"), attr("email_verified", "true"),
                attr("name", "A"), attr("locale", "en")), later));
        users.update(read, read.withAttributes(List.of(attr("email", "a@example.com"), attr("email_verified", "false"),
                attr("name", "A"), attr("custom:role", "admin")), later));

        assertThat(users.find(POOL, "alice").orElseThrow().attributes()).containsExactlyInAnyOrder(
                attr("email", "a@example.com"), attr("email_verified", "true"), attr("name", "A"),
                attr("custom:role", "admin"));
    }

    @Test
    void verificationBypassAVerifiedFlagNeverLandsOnAnAddressChangedMeanwhile() {
        User read = user(POOL, "alice", attr("email", "proven@example.com"), attr("email_verified", "false"));
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        // UpdateUserAttributes: another address, not verified
        User addressChange = read.withAttributes(List.of(attr("email", "victim@example.com"),
                attr("email_verified", "false")), later);
        users.update(read, addressChange);

        // VerifyUserAttribute, started from the same read: its code proved proven@, not victim@
        User verification = read.withAttributes(List.of(attr("email", "proven@example.com"),
                attr("email_verified", "true")), later);
        assertThatThrownBy(() -> users.update(read, verification)).isInstanceOf(ConcurrentChangeException.class);
        assertThat(users.find(POOL, "alice").orElseThrow().attributes())
                .containsExactlyInAnyOrderElementsOf(addressChange.attributes());
    }

    @Test
    void verificationBypassAnAddressReadWithoutAFlagIsNotChangedUnderAFlagSetMeanwhile() {
        User read = user(POOL, "alice", attr("email", "proven@example.com"));
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        users.update(read, read.withAttributes(List.of(attr("email", "proven@example.com"),
                attr("email_verified", "true")), later));

        assertThatThrownBy(() -> users.update(read, read.withAttributes(List.of(attr("email", "victim@example.com")),
                later))).isInstanceOf(ConcurrentChangeException.class);
        assertThat(users.find(POOL, "alice").orElseThrow().attributes())
                .containsExactlyInAnyOrder(attr("email", "proven@example.com"), attr("email_verified", "true"));
    }

    @Test
    void lostUpdateAnAddressIsNeverWrittenBackOverANewerOne() {
        User read = user(POOL, "alice", attr("email", "old@example.com"), attr("name", "A"));
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        users.update(read, read.withAttributes(List.of(attr("email", "new@example.com"),
                attr("email_verified", "true"), attr("name", "A")), later));

        // a sign-up confirmation started from the older read marks the old address verified
        assertThatThrownBy(() -> users.update(read, read.withAttributes(List.of(attr("email", "old@example.com"),
                attr("email_verified", "true"), attr("name", "A")), later))).isInstanceOf(ConcurrentChangeException.class);
        assertThat(users.find(POOL, "alice").orElseThrow().attribute("email")).contains("new@example.com");
    }

    @Test
    void lostUpdateATemporaryPasswordNeverLandsNextToAStatusConfirmedMeanwhile() {
        User read = user(POOL, "alice");
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        // the user answers NEW_PASSWORD_REQUIRED: confirmed, with its own password
        users.update(read, read.withPassword("the-user's-hash", UserStatus.CONFIRMED, later));

        // an administrator's new temporary password, read before that
        assertThatThrownBy(() -> users.update(read, read.withPassword("temporary-hash",
                UserStatus.FORCE_CHANGE_PASSWORD, later))).isInstanceOf(ConcurrentChangeException.class);
        User stored = users.find(POOL, "alice").orElseThrow();
        assertThat(stored.status()).isEqualTo(UserStatus.CONFIRMED);
        assertThat(stored.passwordHash()).isEqualTo("the-user's-hash");
    }

    @Test
    void credentialsChangedFromAUserWithoutAPasswordAreComparedToNone() {
        User read = new User(POOL, "fed", "fed", UUID.randomUUID().toString(), List.of(), true,
                UserStatus.UNCONFIRMED, null, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null);
        users.insert(read);
        Instant later = read.createdAt().plusSeconds(1);
        assertThat(users.update(read, read.withPassword("hash", UserStatus.CONFIRMED, later))).isTrue();
        assertThatThrownBy(() -> users.update(read, read.withPassword(null, UserStatus.CONFIRMED, later)))
                .isInstanceOf(ConcurrentChangeException.class);
    }

    @Test
    void setEnabledSetsItWhateverTheCallerLastRead() {
        User alice = user(POOL, "alice");
        users.insert(alice);
        Instant now = alice.createdAt().plusSeconds(1);
        assertThat(users.setEnabled(POOL, "alice", false, now, now)).isTrue();
        assertThat(users.setEnabled(POOL, "alice", false, now, now)).isTrue();
        assertThat(users.find(POOL, "alice").orElseThrow().enabled()).isFalse();
        assertThat(users.setEnabled(POOL, "alice", true, null, now)).isTrue();
        User stored = users.find(POOL, "alice").orElseThrow();
        assertThat(stored.enabled()).isTrue();
        assertThat(stored.tokensRevokedBefore()).isEqualTo(now);
        assertThat(users.setEnabled(POOL, "nobody", false, now, now)).isFalse();
    }

    @Test
    void aRevocationNeverMovesEarlier() {
        User alice = user(POOL, "alice");
        users.insert(alice);
        Instant later = alice.createdAt().plusSeconds(10);
        Instant earlier = alice.createdAt().plusSeconds(5);
        users.revokeTokensBefore(POOL, "alice", later);
        // a node whose clock is a little behind
        users.revokeTokensBefore(POOL, "alice", earlier);
        users.setEnabled(POOL, "alice", false, earlier, earlier);
        users.update(alice, alice.withTokensRevokedBefore(earlier));
        assertThat(users.find(POOL, "alice").orElseThrow().tokensRevokedBefore()).isEqualTo(later);
    }

    @Test
    void anUpdateCannotTurnOneUserIntoAnother() {
        User alice = user(POOL, "alice");
        users.insert(alice);
        assertThatThrownBy(() -> users.update(alice, user(POOL, "bob"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokeTokensBeforeRecordsTheInstant() {
        users.insert(user(POOL, "alice"));
        Instant instant = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(users.revokeTokensBefore(POOL, "alice", instant)).isTrue();
        assertThat(users.revokeTokensBefore(POOL, "nobody", instant)).isFalse();
        assertThat(users.find(POOL, "alice")).map(User::tokensRevokedBefore).contains(instant);
    }

    @Test
    void deleteRemovesTheUserItsAttributesAndLinks() {
        users.insert(user(POOL, "alice", attr("email", "a@example.com")));
        links.insert(new IdentityLink(POOL, "entra", IdentityLink.SUBJECT, "subject-1", "alice", Instant.now()));
        assertThat(users.delete(POOL, "alice")).isTrue();
        assertThat(users.delete(POOL, "alice")).isFalse();
        assertThat(users.find(POOL, "alice")).isEmpty();
        assertThat(users.findByAttribute(POOL, "email", "a@example.com", false)).isEmpty();
        assertThat(links.find(POOL, "entra", IdentityLink.SUBJECT, "subject-1")).isEmpty();
        users.insert(user(POOL, "alice"));
        assertThat(users.find(POOL, "alice")).map(User::attributes).contains(List.of());
    }

    @Test
    void deletingThePoolDeletesItsUsers() {
        users.insert(user(POOL, "alice", attr("email", "a@example.com")));
        pools.delete(POOL);
        assertThat(users.countUsers(POOL)).isZero();
        assertThat(users.find(POOL, "alice")).isEmpty();
    }

    @Test
    void findByAttributeMatchesExactlyOrIgnoringCase() {
        users.insert(user(POOL, "alice", attr("email", "Alice@Example.com")));
        users.insert(user(POOL, "bob", attr("email", "bob@example.com")));
        assertThat(users.findByAttribute(POOL, "email", "Alice@Example.com", false)).extracting(User::username).containsExactly("alice");
        assertThat(users.findByAttribute(POOL, "email", "alice@example.com", false)).isEmpty();
        assertThat(users.findByAttribute(POOL, "email", "ALICE@example.COM", true)).extracting(User::username).containsExactly("alice");
    }

    @Test
    void longNonAsciiValuesAreStoredAndFound() {
        String value = "字".repeat(2048);
        users.insert(user(POOL, "alice", attr("name", value)));
        assertThat(users.findByAttribute(POOL, "name", value, false)).hasSize(1);
        assertThat(users.list(POOL, new UserFilter(Field.ATTRIBUTE, "name", Match.EQUALS, value), null, 10).items()).hasSize(1);
        assertThat(users.list(POOL, new UserFilter(Field.ATTRIBUTE, "name", Match.EQUALS, value + "x"), null, 10).items()).isEmpty();
    }

    @Test
    void findAllReturnsTheNamedUsersInUsernameOrder() {
        users.insert(user(POOL, "carol"));
        users.insert(user(POOL, "alice", attr("name", "A")));
        users.insert(user(POOL, "bob"));
        assertThat(users.findAll(POOL, List.of("carol", "alice", "nobody"))).extracting(User::username)
                .containsExactly("alice", "carol");
        assertThat(users.findAll(POOL, List.of())).isEmpty();
    }

    @Test
    void listPagesInUsernameKeyOrderAndCounts() {
        for (String name : List.of("dave", "Alice", "carol", "Bob", "eve")) {
            users.insert(user(POOL, name));
        }
        users.insert(user(OTHER_POOL, "zed"));
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Page<User> page = users.list(POOL, null, after, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(u -> seen.add(u.username()));
            after = page.next();
        } while (after != null);
        assertThat(seen).containsExactly("Alice", "Bob", "carol", "dave", "eve");
        assertThat(users.countUsers(POOL)).isEqualTo(5);
        assertThat(users.countUsers(OTHER_POOL)).isEqualTo(1);
    }

    @Test
    void listFiltersOnEveryFieldExactlyAndByPrefix() {
        User alice = user(POOL, "alice", attr("email", "alice@example.com"), attr("family_name", "Smith"));
        User bob = user(POOL, "bob", attr("email", "bob@example.org"), attr("family_name", "Smithers"));
        users.insert(alice);
        users.insert(bob.withEnabled(false, bob.createdAt()).withPassword(null, UserStatus.CONFIRMED, bob.createdAt()));
        assertThat(names(new UserFilter(Field.USERNAME, null, Match.EQUALS, "bob"))).containsExactly("bob");
        assertThat(names(new UserFilter(Field.USERNAME, null, Match.STARTS_WITH, "al"))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.SUB, null, Match.EQUALS, alice.sub()))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.USER_STATUS, null, Match.EQUALS, "CONFIRMED"))).containsExactly("bob");
        assertThat(names(new UserFilter(Field.ENABLED_STATUS, null, Match.EQUALS, "Disabled"))).containsExactly("bob");
        assertThat(names(new UserFilter(Field.ENABLED_STATUS, null, Match.EQUALS, "Enabled"))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "family_name", Match.EQUALS, "Smith"))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "family_name", Match.STARTS_WITH, "Smith"))).containsExactly("alice", "bob");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "email", Match.STARTS_WITH, "bob@"))).containsExactly("bob");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "email", Match.STARTS_WITH, "nobody"))).isEmpty();
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "given_name", Match.STARTS_WITH, ""))).isEmpty();
    }

    @Test
    void userStatusFilterIgnoresCaseAndEnabledStatusDoesNot() {
        User alice = user(POOL, "alice");
        users.insert(alice.withPassword(null, UserStatus.CONFIRMED, alice.createdAt()));
        users.insert(user(POOL, "bob"));
        assertThat(names(new UserFilter(Field.USER_STATUS, null, Match.EQUALS, "confirmed"))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.USER_STATUS, null, Match.STARTS_WITH, "force_"))).containsExactly("bob");
        assertThat(names(new UserFilter(Field.USER_STATUS, null, Match.STARTS_WITH, "C"))).containsExactly("alice");
        assertThat(names(new UserFilter(Field.USER_STATUS, null, Match.EQUALS, "CONFIRM"))).isEmpty();
        assertThat(names(new UserFilter(Field.ENABLED_STATUS, null, Match.EQUALS, "enabled"))).isEmpty();
        assertThat(names(new UserFilter(Field.ENABLED_STATUS, null, Match.STARTS_WITH, "En"))).containsExactly("alice", "bob");
        assertThat(names(new UserFilter(Field.ENABLED_STATUS, null, Match.STARTS_WITH, "Dis"))).isEmpty();
    }

    @Test
    void prefixFiltersMatchCodePointPrefixesOnBothBackends() {
        // a linguistic collation sorts "ab-c" beside "abc"; a prefix is a prefix of code points
        String[] names = {"ab", "ab-c", "abc", "abd", "Ab", "ab\u00e9", "ab\uffff", "ab\ud83d\ude00", "b"};
        for (String name : names) {
            users.insert(user(POOL, name.equals("Ab") ? "capital" : "u-" + name, attr("family_name", name)));
        }
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "family_name", Match.STARTS_WITH, "ab-")))
                .containsExactly("u-ab-c");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "family_name", Match.STARTS_WITH, "ab")))
                .containsExactlyInAnyOrder("u-ab", "u-ab-c", "u-abc", "u-abd", "u-ab\u00e9", "u-ab\uffff", "u-ab\ud83d\ude00");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "family_name", Match.STARTS_WITH, "ab\uffff")))
                .containsExactly("u-ab\uffff");
        assertThat(names(new UserFilter(Field.USERNAME, null, Match.STARTS_WITH, "u-ab-")))
                .containsExactly("u-ab-c");
        User any = users.find(POOL, "u-abc").orElseThrow();
        assertThat(names(new UserFilter(Field.SUB, null, Match.STARTS_WITH, any.sub().substring(0, 9))))
                .containsExactly("u-abc");
    }

    @Test
    void longPrefixFilterComparesTheWholePrefixBeyondTheIndexedPart() {
        String base = "x".repeat(130);
        users.insert(user(POOL, "one", attr("name", base + "a1")));
        users.insert(user(POOL, "two", attr("name", base + "b2")));
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "name", Match.STARTS_WITH, base + "b"))).containsExactly("two");
        assertThat(names(new UserFilter(Field.ATTRIBUTE, "name", Match.STARTS_WITH, base))).containsExactly("one", "two");
    }

    @Test
    void findByAttributeIgnoringCaseFoldsAsciiOnBothBackends() {
        users.insert(user(POOL, "alice", attr("email", "Alice@Example.COM")));
        users.insert(user(POOL, "eve", attr("email", "alice@example.co")));
        assertThat(users.findByAttribute(POOL, "email", "aLICE@example.com", true)).extracting(User::username)
                .containsExactly("alice");
        assertThat(users.findByAttribute(POOL, "email", "alice@example.com ", true)).isEmpty();
        assertThat(users.findByAttribute(POOL, "email", "alice@example.c", true)).isEmpty();
    }

    @Test
    void insertAllWritesEveryUserWithAttributesOrNoneOnADuplicate() {
        User alice = user(POOL, "alice", attr("email", "alice@example.com"));
        User bob = user(POOL, "bob");
        users.insertAll(List.of(alice, bob));
        assertThat(users.find(POOL, "alice")).contains(alice);
        assertThat(users.find(POOL, "bob")).contains(bob);
        assertThatThrownBy(() -> users.insertAll(List.of(user(POOL, "carol"), user(POOL, "Alice"))))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(users.find(POOL, "carol")).isEmpty();
        assertThat(users.countUsers(POOL)).isEqualTo(2);
    }

    @Test
    void smsMfaGivenAtImportIsWrittenWithItsUsersOrNotAtAll() {
        var sms = new dev.cognate.store.jdbc.JdbcMfaPreferenceStore(database.jdbi(),
                dev.cognate.store.jdbc.JdbcMfaPreferenceStore.Factor.SMS);
        users.insertAll(List.of(user(POOL, "Alice"), user(POOL, "bob")), java.util.Set.of("alice"));
        users.insert(user(POOL, "Dora"), true);

        assertThat(sms.find(POOL, "Alice")).contains(new MfaPreferenceStore.Preference(true, false));
        assertThat(sms.find(POOL, "bob")).isEmpty();
        assertThat(sms.find(POOL, "Dora")).contains(new MfaPreferenceStore.Preference(true, false));

        assertThatThrownBy(() -> users.insertAll(List.of(user(POOL, "carol"), user(POOL, "BOB")), java.util.Set.of("carol")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(sms.find(POOL, "carol")).isEmpty();
        assertThatThrownBy(() -> users.insert(user(POOL, "dora"), true)).isInstanceOf(DuplicateKeyException.class);
        int rows = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM user_sms_mfa").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void insertAllKeepsEveryColumnAndValuesShapedLikeArraySyntax() {
        // PostgreSQL's bulk path sends values as arrays: a value that looks like an array literal's
        // quoting, NULL or separators must come back as the same text (no injection into the literal)
        Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(5);
        User odd = user(POOL, "o\"dd,{x}", attr("custom:a", "NULL"), attr("custom:b", "{\"a\",b}\\"),
                attr("custom:c", "x', NULL); DROP TABLE users; --"), attr("custom:e", ""), attr("name", "Zoë 名前"))
                .withEnabled(false, later)
                .withPassword(null, UserStatus.RESET_REQUIRED, later)
                .withTokensRevokedBefore(later);
        User plain = user(POOL, "plain");
        users.insertAll(List.of(odd, plain));
        assertThat(users.find(POOL, odd.usernameKey())).contains(odd);
        assertThat(users.find(POOL, "plain")).contains(plain);
        assertThat(users.findAll(POOL, List.of(odd.username(), "plain", "NULL"))).containsExactly(odd, plain);
    }

    @Test
    void filteredListPagesToo() {
        for (int i = 0; i < 5; i++) {
            users.insert(user(POOL, "user" + i, attr("family_name", i % 2 == 0 ? "Even" : "Odd")));
        }
        UserFilter even = new UserFilter(Field.ATTRIBUTE, "family_name", Match.EQUALS, "Even");
        Page<User> first = users.list(POOL, even, null, 2);
        assertThat(first.items()).extracting(User::username).containsExactly("user0", "user2");
        Page<User> second = users.list(POOL, even, first.next(), 2);
        assertThat(second.items()).extracting(User::username).containsExactly("user4");
        assertThat(second.next()).isNull();
    }

    @Test
    void identityLinksAreUniquePerIdentityAndListedPerUser() {
        users.insert(user(POOL, "alice"));
        users.insert(user(POOL, "bob"));
        IdentityLink link = new IdentityLink(POOL, "entra", IdentityLink.SUBJECT, "s-1", "alice",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        links.insert(link);
        links.insert(new IdentityLink(POOL, "entra", "email", "alice@example.com", "alice", link.createdAt()));
        assertThatThrownBy(() -> links.insert(new IdentityLink(POOL, "entra", IdentityLink.SUBJECT, "s-1", "bob", link.createdAt())))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(links.find(POOL, "entra", IdentityLink.SUBJECT, "s-1")).contains(link);
        assertThat(links.find(POOL, "entra", IdentityLink.SUBJECT, "s-2")).isEmpty();
        assertThat(links.linksOf(POOL, "alice")).hasSize(2);
        assertThat(links.linksOf(POOL, "bob")).isEmpty();
        assertThat(links.delete(POOL, "entra", IdentityLink.SUBJECT, "s-1")).isTrue();
        assertThat(links.delete(POOL, "entra", IdentityLink.SUBJECT, "s-1")).isFalse();
        assertThat(links.linksOf(POOL, "alice")).hasSize(1);
    }

    private List<String> names(UserFilter filter) {
        return users.list(POOL, filter, null, 60).items().stream().map(User::username).toList();
    }
}
