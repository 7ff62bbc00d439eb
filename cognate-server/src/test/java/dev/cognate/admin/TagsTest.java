package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/** TagResource, UntagResource and ListTagsForResource on a user pool's ARN, the pool's UserPoolTags. */
@ParameterizedClass
@EnumSource(Backend.class)
class TagsTest {
    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    UserPoolType pool;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        pool = cognito.createUserPool(r -> r.poolName("tags-" + UUID.randomUUID().toString().substring(0, 8))
                .userPoolTags(Map.of("team", "identity"))).userPool();
    }

    @Test
    void tagsGivenAtCreationAreListedByArn() {
        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags())
                .containsExactlyEntriesOf(Map.of("team", "identity"));
    }

    @Test
    void tagResourceAddsAndOverwritesAndDescribeUserPoolAgrees() {
        cognito.tagResource(r -> r.resourceArn(pool.arn()).tags(Map.of("team", "platform", "env", "dev")));

        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags())
                .isEqualTo(Map.of("team", "platform", "env", "dev"));
        assertThat(cognito.describeUserPool(r -> r.userPoolId(pool.id())).userPool().userPoolTags())
                .isEqualTo(Map.of("team", "platform", "env", "dev"));
    }

    @Test
    void untagResourceRemovesTheKeysAndIgnoresUnknownOnes() {
        cognito.tagResource(r -> r.resourceArn(pool.arn()).tags(Map.of("env", "dev")));

        cognito.untagResource(r -> r.resourceArn(pool.arn()).tagKeys("team", "no-such-key"));

        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags()).isEqualTo(Map.of("env", "dev"));
    }

    @Test
    void updateUserPoolWithoutUserPoolTagsKeepsThemAndWithThemReplacesThem() {
        cognito.updateUserPool(r -> r.userPoolId(pool.id()).deletionProtection("INACTIVE"));
        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags()).isEqualTo(Map.of("team", "identity"));

        cognito.updateUserPool(r -> r.userPoolId(pool.id()).userPoolTags(Map.of("env", "prod")));
        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags()).isEqualTo(Map.of("env", "prod"));
    }

    @Test
    void poolWithoutTagsListsNone() {
        String bare = cognito.createUserPool(r -> r.poolName("untagged")).userPool().arn();

        assertThat(cognito.listTagsForResource(r -> r.resourceArn(bare)).tags()).isEmpty();
    }

    @Test
    void moreThanFiftyTagsAreRefused() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }

        assertThatThrownBy(() -> cognito.tagResource(r -> r.resourceArn(pool.arn()).tags(many)))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(cognito.listTagsForResource(r -> r.resourceArn(pool.arn())).tags()).hasSize(1);
    }

    @Test
    void arnOfAPoolThatDoesNotExistIsNotFound() {
        String missing = pool.arn().replace(pool.id(), pool.id().substring(0, pool.id().indexOf('_')) + "_NoSuchPoo");

        assertThatThrownBy(() -> cognito.listTagsForResource(r -> r.resourceArn(missing)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.tagResource(r -> r.resourceArn(missing).tags(Map.of("a", "b"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void somethingElseThanAUserPoolArnIsAnInvalidParameter() {
        for (String arn : List.of("arn:aws:s3:::my-bucket-name", "not-an-arn-at-all-but-long")) {
            assertThatThrownBy(() -> cognito.listTagsForResource(r -> r.resourceArn(arn)))
                    .isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void arnOfAnotherAccountIsNotFound() {
        String otherAccount = pool.arn().replace(":000000000000:", ":123456789012:");

        assertThatThrownBy(() -> cognito.listTagsForResource(r -> r.resourceArn(otherAccount)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
