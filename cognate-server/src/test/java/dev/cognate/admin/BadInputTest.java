package dev.cognate.admin;

import static dev.cognate.admin.SigV4Test.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever a client sends, the admin API answers a 400 in AWS's error shape with a message
 * that names the problem; never a 500 (security.md, "Input limits").
 */
@ParameterizedClass
@EnumSource(Backend.class)
class BadInputTest {
    @Parameter
    Backend backend;

    TestServer server;

    @BeforeEach
    void connect() {
        server = TestServer.shared(backend);
    }

    private RawAdminRequest.Response send(String operation, String body) {
        return RawAdminRequest.to(server, operation).body(body).send();
    }

    @Test
    void malformedJsonIsASerializationError() {
        RawAdminRequest.Response response = send("CreateUserPool", "{\"PoolName\": \"p\",");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).startsWith("The request body is not valid JSON");
    }

    @Test
    void jsonFollowedByMoreTextIsASerializationError() {
        RawAdminRequest.Response response = send("ListUserPools", "{\"MaxResults\":1} {\"MaxResults\":60}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).startsWith("The request body is not valid JSON");
    }

    @Test
    void bodyThatIsNotAJsonObjectIsASerializationError() {
        for (String body : new String[] {"[{\"PoolName\":\"p\"}]", "\"p\"", "42", "null"}) {
            RawAdminRequest.Response response = send("CreateUserPool", body);

            assertAwsError(response, "SerializationException");
            assertThat(response.message()).isEqualTo("The request body must be a JSON object.");
        }
    }

    @Test
    void stringWhereANumberBelongsIsASerializationErrorNamingTheMember() {
        RawAdminRequest.Response response = send("ListUserPools", "{\"MaxResults\":\"10\"}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("MaxResults").contains("number");
    }

    @Test
    void numberWhereAStringBelongsIsASerializationErrorNamingTheMember() {
        RawAdminRequest.Response response = send("CreateUserPool", "{\"PoolName\":12345}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("PoolName").contains("string");
    }

    @Test
    void objectWhereAListBelongsIsASerializationErrorNamingTheMember() {
        RawAdminRequest.Response response = send("CreateUserPool", "{\"PoolName\":\"p\",\"AutoVerifiedAttributes\":{\"a\":1}}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("AutoVerifiedAttributes").contains("list");
    }

    @Test
    void wrongTypeDeepInsideAStructureIsNamedByItsPath() {
        RawAdminRequest.Response response = send("CreateUserPool",
                "{\"PoolName\":\"p\",\"Policies\":{\"PasswordPolicy\":{\"MinimumLength\":\"eight\"}}}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("Policies.PasswordPolicy.MinimumLength");
    }

    @Test
    void numberTooLargeForItsMemberIsASerializationErrorNamingTheMember() {
        RawAdminRequest.Response response = send("ListUserPools", "{\"MaxResults\":99999999999999999999}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("MaxResults");
    }

    @Test
    void invalidUtf8IsASerializationError() {
        byte[] body = {'{', '"', 'P', 'o', 'o', 'l', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        RawAdminRequest.Response response = RawAdminRequest.to(server, "CreateUserPool").body(body).send();

        assertAwsError(response, "SerializationException");
    }

    @Test
    void unknownOperationIsAnUnknownOperationError() {
        RawAdminRequest.Response response = send("MintFreeTokens", "{}");

        assertAwsError(response, "UnknownOperationException");
        assertThat(response.message()).contains("MintFreeTokens");
    }

    @Test
    void targetOfAnotherServiceIsAnUnknownOperationError() {
        RawAdminRequest.Response response = RawAdminRequest.to(server, "ListUserPools")
                .target("DynamoDB_20120810.ListTables").body("{}").send();

        assertAwsError(response, "UnknownOperationException");
        assertThat(response.message()).contains("DynamoDB_20120810.ListTables");
    }

    @Test
    void missingTargetIsAnUnknownOperationError() {
        RawAdminRequest.Response response = RawAdminRequest.to(server, "ListUserPools").target(null).body("{}").send();

        assertAwsError(response, "UnknownOperationException");
        assertThat(response.message()).contains("X-Amz-Target");
    }

    @Test
    void bodyOverOneMebibyteIsRefusedFromItsContentLength() {
        RawAdminRequest.Response response = RawAdminRequest.to(server, "CreateUserPool").body(oversizedJson()).send();

        assertTooLarge(response);
    }

    @Test
    void chunkedBodyOverOneMebibyteIsRefusedWhileReading() {
        RawAdminRequest.Response response = RawAdminRequest.to(server, "CreateUserPool").body(oversizedJson()).chunked().send();

        assertTooLarge(response);
    }

    @Test
    void chunkedBodyWithinTheLimitIsServed() {
        RawAdminRequest.Response response = RawAdminRequest.to(server, "ListUserPools")
                .body("{\"MaxResults\":1}").chunked().send();

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonIsASerializationError() {
        String body = "{\"PoolName\":\"p\",\"LambdaConfig\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
        RawAdminRequest.Response response = send("CreateUserPool", body);

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).contains("nested deeper than");
    }

    @Test
    void missingRequiredMemberIsAnInvalidParameterErrorNamingIt() {
        RawAdminRequest.Response response = send("CreateUserPool", "{}");

        assertAwsError(response, "InvalidParameterException");
        assertThat(response.message()).contains("poolName").contains("must not be null");
    }

    @Test
    void emptyBodyReadsAsAnEmptyRequest() {
        RawAdminRequest.Response create = send("CreateUserPool", "");
        assertAwsError(create, "InvalidParameterException");
        assertThat(create.message()).contains("poolName");

        assertThat(send("ListUserPools", "").status()).isEqualTo(400);
    }

    @Test
    void oversizedHeadersAreRefusedWithoutAServerError() {
        char[] big = new char[64 * 1024];
        Arrays.fill(big, 'x');
        RawAdminRequest.Response response = RawAdminRequest.to(server, "ListUserPools")
                .body("{\"MaxResults\":1}").header("X-Padding", new String(big)).send();

        assertThat(response.status()).as("Jetty's 431 Request Header Fields Too Large").isEqualTo(431);
    }

    private static void assertTooLarge(RawAdminRequest.Response response) {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorType()).isEqualTo("RequestEntityTooLargeException").isEqualTo(response.type());
        assertThat(response.message()).isEqualTo("The request body is larger than 1048576 bytes.");
    }

    @Test
    void errorMessagesAreUtf8AndSayTheirCharset() {
        RawAdminRequest.Response response = send("CreateUserPool", "{\"PoolName\":\"池中\"}");

        assertAwsError(response, "InvalidParameterException");
        assertThat(response.message()).contains("'池中'");
        assertThat(response.contentType()).isEqualTo("application/x-amz-json-1.1; charset=utf-8");
    }

    @Test
    void fiveThousandDigitNumberIsReportedAsTooLongNotAsNesting() {
        RawAdminRequest.Response response = send("ListUserPools", "{\"MaxResults\":" + "9".repeat(5000) + "}");

        assertAwsError(response, "SerializationException");
        assertThat(response.message()).isEqualTo("The request body contains a number that is too long (more than 1000 digits).");
    }

    private static byte[] oversizedJson() {
        byte[] padding = new byte[AdminApi.MAX_BODY_BYTES + 16];
        Arrays.fill(padding, (byte) 'a');
        return ("{\"PoolName\":\"p\",\"Padding\":\"" + new String(padding, StandardCharsets.US_ASCII) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
