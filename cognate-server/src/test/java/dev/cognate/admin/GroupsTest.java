package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

@ParameterizedClass
@EnumSource(Backend.class)
class GroupsTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/readers";

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("groups-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
    }

    private GroupType createGroup(String name) {
        return cognito.createGroup(r -> r.userPoolId(poolId).groupName(name)).group();
    }

    private void createUser(String username) {
        cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username).messageAction(MessageActionType.SUPPRESS));
    }

    private void addUser(String username, String group) {
        cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).username(username).groupName(group));
    }

    private List<String> groupsOf(String username) {
        return cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username(username)).groups().stream()
                .map(GroupType::groupName).toList();
    }

    private List<String> usersIn(String group) {
        return cognito.listUsersInGroup(r -> r.userPoolId(poolId).groupName(group)).users().stream()
                .map(UserType::username).toList();
    }

    // CreateGroup, GetGroup

    @Test
    void createdGroupReadsBackWithEveryMember() {
        Instant before = Instant.now().minusSeconds(1);
        GroupType created = cognito.createGroup(r -> r.userPoolId(poolId).groupName("readers")
                .description("People who read").roleArn(ROLE).precedence(3)).group();
        assertThat(created.groupName()).isEqualTo("readers");
        assertThat(created.userPoolId()).isEqualTo(poolId);
        assertThat(created.description()).isEqualTo("People who read");
        assertThat(created.roleArn()).isEqualTo(ROLE);
        assertThat(created.precedence()).isEqualTo(3);
        assertThat(created.creationDate()).isAfter(before);
        assertThat(created.lastModifiedDate()).isEqualTo(created.creationDate());
        assertThat(cognito.getGroup(r -> r.userPoolId(poolId).groupName("readers")).group()).isEqualTo(created);
    }

    @Test
    void groupNamesAreUniqueInAPool() {
        createGroup("readers");
        assertThatThrownBy(() -> createGroup("readers"))
                .isInstanceOf(GroupExistsException.class).hasMessageContaining("readers");
        createGroup("Readers");
    }

    @Test
    void invalidGroupSettingsNameTheMember() {
        assertThatThrownBy(() -> cognito.createGroup(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("groupName");
        assertThatThrownBy(() -> createGroup("x".repeat(129)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("groupName");
        assertThatThrownBy(() -> createGroup("two words"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("groupName");
        assertThatThrownBy(() -> cognito.createGroup(r -> r.userPoolId(poolId).groupName("g").precedence(-1)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("precedence");
        assertThatThrownBy(() -> cognito.createGroup(r -> r.userPoolId(poolId).groupName("g").roleArn("not-an-arn-at-all-really")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("roleArn");
        assertThatThrownBy(() -> cognito.createGroup(r -> r.userPoolId(poolId).groupName("g").description("d".repeat(2049))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("description");
        assertThatThrownBy(() -> cognito.createGroup(r -> r.userPoolId("us-east-1_nothere00").groupName("g")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("User pool");
    }

    @Test
    void unknownGroupIsNotFound() {
        assertThatThrownBy(() -> cognito.getGroup(r -> r.userPoolId(poolId).groupName("nope")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Group not found.");
    }

    // UpdateGroup, DeleteGroup

    @Test
    void updateChangesGivenMembersAndKeepsTheRest() {
        GroupType created = cognito.createGroup(r -> r.userPoolId(poolId).groupName("readers")
                .description("old").roleArn(ROLE).precedence(3)).group();
        GroupType updated = cognito.updateGroup(r -> r.userPoolId(poolId).groupName("readers").description("new")).group();
        assertThat(updated.description()).isEqualTo("new");
        assertThat(updated.roleArn()).isEqualTo(ROLE);
        assertThat(updated.precedence()).isEqualTo(3);
        assertThat(updated.creationDate()).isEqualTo(created.creationDate());
        assertThat(updated.lastModifiedDate()).isAfterOrEqualTo(created.lastModifiedDate());
        assertThat(cognito.getGroup(r -> r.userPoolId(poolId).groupName("readers")).group()).isEqualTo(updated);
        assertThatThrownBy(() -> cognito.updateGroup(r -> r.userPoolId(poolId).groupName("nope").description("x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.updateGroup(r -> r.userPoolId(poolId).groupName("readers").precedence(-2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("precedence");
    }

    @Test
    void deletedGroupIsGoneWithItsMemberships() {
        createGroup("readers");
        createUser("alice");
        addUser("alice", "readers");
        cognito.deleteGroup(r -> r.userPoolId(poolId).groupName("readers"));
        assertThatThrownBy(() -> cognito.getGroup(r -> r.userPoolId(poolId).groupName("readers")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(groupsOf("alice")).isEmpty();
        assertThatThrownBy(() -> cognito.deleteGroup(r -> r.userPoolId(poolId).groupName("readers")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // ListGroups

    @Test
    void listGroupsPagesInNameOrder() {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            createGroup(name);
        }
        assertThat(pageThrough(token -> {
            var page = cognito.listGroups(r -> r.userPoolId(poolId).limit(2).nextToken(token));
            return new Page(page.groups().stream().map(GroupType::groupName).toList(), page.nextToken());
        })).containsExactly("a", "b", "c", "d", "e");
        assertThat(cognito.listGroups(r -> r.userPoolId(poolId)).groups()).hasSize(5);
        assertThatThrownBy(() -> cognito.listGroups(r -> r.userPoolId(poolId).limit(61)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> cognito.listGroups(r -> r.userPoolId(poolId).nextToken("@@@")))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.listGroups(r -> r.userPoolId("us-east-1_nothere00")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // AdminAddUserToGroup, AdminRemoveUserFromGroup

    @Test
    void addingAndRemovingMembers() {
        createGroup("readers");
        createUser("alice");
        addUser("alice", "readers");
        addUser("alice", "readers");
        assertThat(groupsOf("alice")).containsExactly("readers");
        assertThat(usersIn("readers")).containsExactly("alice");
        cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username("alice").groupName("readers"));
        assertThat(groupsOf("alice")).isEmpty();
        cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username("alice").groupName("readers"));
    }

    @Test
    void membershipNeedsAnExistingUserAndGroup() {
        createGroup("readers");
        createUser("alice");
        assertThatThrownBy(() -> addUser("nobody", "readers")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> addUser("alice", "nope"))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Group not found.");
        assertThatThrownBy(() -> cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username("nobody").groupName("readers")))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminRemoveUserFromGroup(r -> r.userPoolId(poolId).username("alice").groupName("nope")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminAddUserToGroup(r -> r.userPoolId(poolId).groupName("readers")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("username");
    }

    @Test
    void deletedUserLeavesItsGroups() {
        createGroup("readers");
        createUser("alice");
        createUser("bob");
        addUser("alice", "readers");
        addUser("bob", "readers");
        cognito.adminDeleteUser(r -> r.userPoolId(poolId).username("alice"));
        assertThat(usersIn("readers")).containsExactly("bob");
    }

    // AdminListGroupsForUser, ListUsersInGroup

    @Test
    void groupsOfAUserPage() {
        createUser("alice");
        for (String name : List.of("c", "a", "b")) {
            createGroup(name);
            addUser("alice", name);
        }
        assertThat(pageThrough(token -> {
            var page = cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("alice").limit(2).nextToken(token));
            return new Page(page.groups().stream().map(GroupType::groupName).toList(), page.nextToken());
        })).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> groupsOf("nobody")).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("alice").limit(100)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("limit");
    }

    @Test
    void usersInAGroupPageWithTheirAttributes() {
        createGroup("readers");
        for (String name : List.of("carol", "alice", "bob")) {
            createUser(name);
            addUser(name, "readers");
        }
        createUser("dave");
        assertThat(pageThrough(token -> {
            var page = cognito.listUsersInGroup(r -> r.userPoolId(poolId).groupName("readers").limit(2).nextToken(token));
            return new Page(page.users().stream().map(UserType::username).toList(), page.nextToken());
        })).containsExactly("alice", "bob", "carol");
        UserType alice = cognito.listUsersInGroup(r -> r.userPoolId(poolId).groupName("readers")).users().getFirst();
        assertThat(alice.attributes()).extracting(a -> a.name()).contains("sub");
        assertThat(alice.enabled()).isTrue();
        assertThatThrownBy(() -> usersIn("nope")).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.listUsersInGroup(r -> r.userPoolId(poolId).groupName("readers").limit(-1)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("limit");
    }

    private record Page(List<String> items, String next) {}

    private static List<String> pageThrough(Function<String, Page> fetch) {
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page page = fetch.apply(token);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.items());
            token = page.next();
        } while (token != null);
        return seen;
    }
}
