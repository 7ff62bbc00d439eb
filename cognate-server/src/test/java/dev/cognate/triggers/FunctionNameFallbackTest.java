package dev.cognate.triggers;

import static dev.cognate.triggers.TriggerFixture.respond;
import static dev.cognate.triggers.TriggerFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.LambdaEndpoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;

/** An emulator that serves functions only by name (serverless-offline) still gets the pool's ARN first, then the name. */
class FunctionNameFallbackTest {
    final TriggerFixture f = TriggerFixture.shared();

    @Test
    void anEndpointThatKnowsTheFunctionOnlyByNameIsAskedByNameAfterItsNotFound() {
        String name = unique("by-name");
        String arn = f.lambda.functionKnownByNameOnly(name, event -> respond(event,
                "{\"autoConfirmUser\": false, \"autoVerifyEmail\": true, \"autoVerifyPhone\": false}"));
        String poolId = f.pool(t -> t.preSignUp(arn));
        String olly = unique("olly");

        f.cognito.adminCreateUser(r -> r.userPoolId(poolId).username(olly).messageAction(MessageActionType.SUPPRESS)
                .userAttributes(AttributeType.builder().name("email").value("olly@example.com").build()));

        List<LambdaEndpoint.Invocation> byArn = f.lambda.invocationsOf(arn);
        assertThat(byArn).hasSize(1);
        assertThat(f.lambda.invocationsOf(name)).hasSize(1);
        assertThat(f.lambda.invocationsOf(name).getFirst().event()).isEqualTo(byArn.getFirst().event());
        assertThat(f.cognito.adminGetUser(r -> r.userPoolId(poolId).username(olly)).userAttributes())
                .contains(AttributeType.builder().name("email_verified").value("true").build());
    }
}
