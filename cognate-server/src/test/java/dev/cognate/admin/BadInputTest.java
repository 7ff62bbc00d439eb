package dev.cognate.admin;

import static dev.cognate.admin.SigV4Test.assertAwsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
    void bodyOverOneMebibyteIsRefusedFromItsContentLength() throws IOException {
        byte[] body = oversizedJson();
        // the head alone: the refusal comes from Content-Length, before any of the body is read
        RawAdminRequest.Response response = sendAndStop(head("CreateUserPool", "Content-Length: " + body.length),
                new byte[0]);

        assertTooLarge(response);
    }

    @Test
    void chunkedBodyOverOneMebibyteIsRefusedWhileReading() throws IOException {
        byte[] body = oversizedJson();
        byte[] chunk = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] sent = Arrays.copyOf(chunk, chunk.length + body.length);
        System.arraycopy(body, 0, sent, chunk.length, body.length);
        // one chunk past the limit, then nothing more: the refusal comes once the limit is passed
        RawAdminRequest.Response response = sendAndStop(head("CreateUserPool", "Transfer-Encoding: chunked"), sent);

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

    private static String head(String operation, String framing) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: AWSCognitoIdentityProviderService." + operation + "\r\n" + framing + "\r\n\r\n";
    }

    /**
     * Sends a request's head and {@code body}, sends nothing more, and reads the answer. A client
     * still writing a refused body when the node closes the connection may lose the answer to the
     * reset that follows (the body it wrote unread), so these tests stop writing first.
     */
    private RawAdminRequest.Response sendAndStop(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String errorType = null;
            String contentType = null;
            for (String line : lines) {
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (name.equalsIgnoreCase("x-amzn-ErrorType")) {
                    errorType = value;
                } else if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                }
            }
            return new RawAdminRequest.Response(status, errorType, answer.substring(end + 4), contentType);
        }
    }

    private static byte[] oversizedJson() {
        byte[] padding = new byte[AdminApi.MAX_BODY_BYTES + 16];
        Arrays.fill(padding, (byte) 'a');
        return ("{\"PoolName\":\"p\",\"Padding\":\"" + new String(padding, StandardCharsets.US_ASCII) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
