package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

@ParameterizedClass
@EnumSource(Backend.class)
class ListUsersFilterTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;
    String aliceSub;

    @BeforeEach
    void createUsers() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("filter-" + UUID.randomUUID().toString().substring(0, 8))
                .usernameConfiguration(c -> c.caseSensitive(false))).userPool().id();
        aliceSub = create("Alice", attr("email", "alice@example.com"), attr("phone_number", "+15550001111"),
                attr("name", "Alice Smith"), attr("given_name", "Alice"), attr("family_name", "Smith"),
                attr("preferred_username", "ally"));
        create("bob", attr("email", "bob@example.org"), attr("phone_number", "+15550002222"),
                attr("name", "Bob \"The Builder\" Smithers"), attr("given_name", "Bob"), attr("family_name", "Smithers"),
                attr("preferred_username", "bobby"));
        create("carol", attr("email", "carol@example.com"), attr("given_name", "Carol"), attr("family_name", "Jones"));
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("bob").password("Corr3ct-Horse!").permanent(true));
        cognito.adminDisableUser(r -> r.userPoolId(poolId).username("carol"));
    }

    private String create(String username, AttributeType... attributes) {
        UserType user = cognito.adminCreateUser(r -> r.userPoolId(poolId).username(username)
                .messageAction(MessageActionType.SUPPRESS).userAttributes(attributes)).user();
        return user.attributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
    }

    private static AttributeType attr(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private List<String> usernames(String filter) {
        return cognito.listUsers(r -> r.userPoolId(poolId).filter(filter)).users().stream().map(UserType::username).toList();
    }

    @Test
    void noFilterListsEveryUser() {
        assertThat(cognito.listUsers(r -> r.userPoolId(poolId)).users()).extracting(UserType::username)
                .containsExactly("Alice", "bob", "carol");
        assertThat(usernames("")).containsExactly("Alice", "bob", "carol");
    }

    @Test
    void usernameMatchesExactlyOrByPrefixIgnoringCaseInThisPool() {
        assertThat(usernames("username = \"alice\"")).containsExactly("Alice");
        assertThat(usernames("username=\"ALICE\"")).containsExactly("Alice");
        assertThat(usernames("username ^= \"b\"")).containsExactly("bob");
        assertThat(usernames("username = \"al\"")).isEmpty();
    }

    @Test
    void standardAttributesMatchExactlyOrByPrefix() {
        assertThat(usernames("email = \"alice@example.com\"")).containsExactly("Alice");
        assertThat(usernames("email ^= \"carol@\"")).containsExactly("carol");
        assertThat(usernames("phone_number ^= \"+1555000\"")).containsExactly("Alice", "bob");
        assertThat(usernames("phone_number = \"+15550002222\"")).containsExactly("bob");
        assertThat(usernames("name = \"Alice Smith\"")).containsExactly("Alice");
        assertThat(usernames("given_name ^= \"C\"")).containsExactly("carol");
        assertThat(usernames("family_name = \"Smith\"")).containsExactly("Alice");
        assertThat(usernames("family_name ^= \"Smith\"")).containsExactly("Alice", "bob");
        assertThat(usernames("preferred_username = \"bobby\"")).containsExactly("bob");
        assertThat(usernames("sub = \"" + aliceSub + "\"")).containsExactly("Alice");
        assertThat(usernames("sub ^= \"" + aliceSub.substring(0, 8) + "\"")).containsExactly("Alice");
        assertThat(usernames("email = \"nobody@example.com\"")).isEmpty();
    }

    @Test
    void statusesAreSearchable() {
        assertThat(usernames("cognito:user_status = \"CONFIRMED\"")).containsExactly("bob");
        assertThat(usernames("cognito:user_status = \"FORCE_CHANGE_PASSWORD\"")).containsExactly("Alice", "carol");
        assertThat(usernames("status = \"Disabled\"")).containsExactly("carol");
        assertThat(usernames("status = \"Enabled\"")).containsExactly("Alice", "bob");
    }

    @Test
    void quotesInsideTheValueAreEscaped() {
        assertThat(usernames("name = \"Bob \\\"The Builder\\\" Smithers\"")).containsExactly("bob");
    }

    @Test
    void malformedFiltersAreRefused() {
        for (String bad : List.of("email = alice@example.com", "email != \"x\"", "email \"x\"", "= \"x\"",
                "email = \"unterminated", "email = \"x\" and more", "email ~= \"x\"")) {
            assertThatThrownBy(() -> usernames(bad)).as(bad)
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Error while parsing filter.");
        }
    }

    @Test
    void unsearchableAttributesAreRefused() {
        assertThatThrownBy(() -> usernames("custom:tenant = \"acme\""))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("custom:tenant");
        assertThatThrownBy(() -> usernames("nickname = \"x\""))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("nickname");
        assertThatThrownBy(() -> usernames("email = \"" + "x".repeat(300) + "\""))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("filter");
    }

    @Test
    void attributesToGetNarrowsTheAttributes() {
        ListUsersResponse response = cognito.listUsers(r -> r.userPoolId(poolId).attributesToGet("email", "given_name")
                .filter("username = \"alice\""));
        assertThat(response.users().getFirst().attributes()).extracting(AttributeType::name)
                .containsExactlyInAnyOrder("email", "given_name");
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId(poolId).attributesToGet("")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("attributesToGet");
    }

    @Test
    void limitAndPaginationTokenPageThroughTheUsers() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListUsersResponse page = cognito.listUsers(r -> r.userPoolId(poolId).limit(1).paginationToken(current));
            assertThat(page.users()).hasSizeLessThanOrEqualTo(1);
            page.users().forEach(u -> seen.add(u.username()));
            token = page.paginationToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("Alice", "bob", "carol");
        assertThat(pages).isEqualTo(3);

        ListUsersResponse filtered = cognito.listUsers(r -> r.userPoolId(poolId).limit(1).filter("family_name ^= \"Smith\""));
        assertThat(filtered.users()).extracting(UserType::username).containsExactly("Alice");
        ListUsersResponse next = cognito.listUsers(r -> r.userPoolId(poolId).limit(1).filter("family_name ^= \"Smith\"")
                .paginationToken(filtered.paginationToken()));
        assertThat(next.users()).extracting(UserType::username).containsExactly("bob");
        assertThat(next.paginationToken()).isNull();

        assertThat(cognito.listUsers(r -> r.userPoolId(poolId).limit(0)).users()).hasSize(3);
    }

    @Test
    void badLimitTokenOrPoolIsRefused() {
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId(poolId).limit(61)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId(poolId).limit(-1)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId(poolId).paginationToken("not base64!")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("paginationToken");
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId(poolId).paginationToken("@@@")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("pagination token");
        assertThatThrownBy(() -> cognito.listUsers(r -> r.userPoolId("us-east-1_nothere00")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
