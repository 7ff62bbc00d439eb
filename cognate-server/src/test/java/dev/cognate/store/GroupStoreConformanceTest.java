package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.store.jdbc.JdbcGroupStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.Group;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class GroupStoreConformanceTest {
    static final String POOL = UserStoreConformanceTest.POOL;

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    UserStore users;
    GroupStore groups;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        users = new JdbcUserStore(database.jdbi());
        groups = new JdbcGroupStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(UserStoreConformanceTest.OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Group group(String name, Integer precedence) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Group(POOL, name, "about " + name, "arn:aws:iam::123456789012:role/" + name, precedence, now, now);
    }

    @Test
    void insertedGroupReadsBackEqualAndNamesAreUniquePerPool() {
        Group admins = group("admins", 1);
        groups.insert(admins);
        assertThat(groups.find(POOL, "admins")).contains(admins);
        assertThat(groups.find(POOL, "Admins")).isEmpty();
        assertThatThrownBy(() -> groups.insert(group("admins", 2))).isInstanceOf(DuplicateKeyException.class);
        Group elsewhere = new Group(UserStoreConformanceTest.OTHER_POOL, "admins", null, null, null,
                admins.creationDate(), admins.creationDate());
        groups.insert(elsewhere);
        assertThat(groups.find(UserStoreConformanceTest.OTHER_POOL, "admins")).contains(elsewhere);
    }

    @Test
    void updateAndDeleteReportWhetherTheGroupExisted() {
        Group admins = group("admins", 1);
        Instant later = admins.creationDate().plusSeconds(1);
        assertThat(groups.update(POOL, "admins", "d", null, null, later)).isEmpty();
        groups.insert(admins);
        assertThat(groups.update(POOL, "admins", "the admins", "arn:aws:iam::123456789012:role/admins", 4, later))
                .contains(new Group(POOL, "admins", "the admins", "arn:aws:iam::123456789012:role/admins", 4,
                        admins.creationDate(), later));
        assertThat(groups.delete(POOL, "admins")).isTrue();
        assertThat(groups.delete(POOL, "admins")).isFalse();
    }

    @Test
    void lostUpdateTwoUpdatesOfDifferentMembersBothLand() {
        Group admins = group("admins", 1);
        groups.insert(admins);
        Instant later = admins.creationDate().plusSeconds(1);
        // both read the group before either wrote
        groups.update(POOL, "admins", "the admins", null, null, later);
        groups.update(POOL, "admins", null, null, 7, later);

        Group stored = groups.find(POOL, "admins").orElseThrow();
        assertThat(stored.description()).isEqualTo("the admins");
        assertThat(stored.precedence()).isEqualTo(7);
    }

    @Test
    void listPagesInNameOrder() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            groups.insert(group(name, null));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Page<Group> page = groups.list(POOL, after, 2);
            page.items().forEach(g -> seen.add(g.name()));
            after = page.next();
        } while (after != null);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void membershipIsIdempotentAndListedBothWays() {
        users.insert(UserStoreConformanceTest.user(POOL, "alice"));
        users.insert(UserStoreConformanceTest.user(POOL, "bob"));
        groups.insert(group("readers", 5));
        groups.insert(group("admins", 1));
        groups.insert(group("misc", null));
        groups.addMember(POOL, "readers", "alice");
        groups.addMember(POOL, "readers", "alice");
        groups.addMember(POOL, "admins", "alice");
        groups.addMember(POOL, "misc", "alice");
        groups.addMember(POOL, "readers", "bob");
        assertThat(groups.groupsOf(POOL, "alice", null, 60).items()).extracting(Group::name)
                .containsExactly("admins", "misc", "readers");
        Page<Group> firstPage = groups.groupsOf(POOL, "alice", null, 2);
        assertThat(firstPage.items()).extracting(Group::name).containsExactly("admins", "misc");
        assertThat(groups.groupsOf(POOL, "alice", firstPage.next(), 2).items()).extracting(Group::name).containsExactly("readers");
        assertThat(groups.groupNamesOf(POOL, "alice")).containsExactly("admins", "readers", "misc");
        assertThat(groups.membersOf(POOL, "readers", null, 60).items()).containsExactly("alice", "bob");
        Page<String> members = groups.membersOf(POOL, "readers", null, 1);
        assertThat(members.items()).containsExactly("alice");
        assertThat(groups.membersOf(POOL, "readers", members.next(), 1).items()).containsExactly("bob");
        assertThat(groups.removeMember(POOL, "readers", "alice")).isTrue();
        assertThat(groups.removeMember(POOL, "readers", "alice")).isFalse();
        assertThat(groups.membersOf(POOL, "readers", null, 60).items()).containsExactly("bob");
    }

    @Test
    void deletingAUserOrAGroupDeletesItsMemberships() {
        users.insert(UserStoreConformanceTest.user(POOL, "alice"));
        users.insert(UserStoreConformanceTest.user(POOL, "bob"));
        groups.insert(group("readers", null));
        groups.insert(group("writers", null));
        groups.addMember(POOL, "readers", "alice");
        groups.addMember(POOL, "readers", "bob");
        groups.addMember(POOL, "writers", "bob");
        users.delete(POOL, "alice");
        assertThat(groups.membersOf(POOL, "readers", null, 60).items()).containsExactly("bob");
        groups.delete(POOL, "readers");
        assertThat(groups.groupsOf(POOL, "bob", null, 60).items()).extracting(Group::name).containsExactly("writers");
        groups.insert(group("readers", null));
        assertThat(groups.membersOf(POOL, "readers", null, 60).items()).isEmpty();
    }

    @Test
    void deletingThePoolDeletesItsGroups() {
        users.insert(UserStoreConformanceTest.user(POOL, "alice"));
        groups.insert(group("readers", null));
        groups.addMember(POOL, "readers", "alice");
        pools.delete(POOL);
        assertThat(groups.find(POOL, "readers")).isEmpty();
        assertThat(groups.list(POOL, null, 60).items()).isEmpty();
    }
}
