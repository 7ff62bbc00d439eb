package dev.cognate.admin.users;

import static dev.cognate.admin.users.MailedPool.code;
import static dev.cognate.admin.users.MailedPool.email;
import static dev.cognate.admin.users.MailedPool.newMailTo;
import static dev.cognate.admin.users.MailedPool.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUserImportJobsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreconditionNotMetException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserImportJobType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

/**
 * Bulk import as Cognito does it, through the AWS SDK: GetCSVHeader, CreateUserImportJob, the
 * file PUT to the job's PreSignedUrl (served by Cognate), StartUserImportJob, DescribeUserImportJob
 * until the job ends; users RESET_REQUIRED until ForgotPassword sets their password.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class UserImportTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/CognitoImportRole";
    static final String NEW_PASSWORD = "Imported-Pass-1";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Parameter
    Backend backend;

    MailedPool pool;
    CognitoIdentityProviderClient cognito;

    @BeforeEach
    void pool() {
        pool = MailedPool.create(backend);
        cognito = pool.cognito;
    }

    @Test
    void importedUsersAreResetRequiredAndForgotPasswordLetsThemSignIn() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        assertThat(header).startsWith("name", "given_name", "family_name").endsWith("cognito:mfa_enabled", "cognito:username")
                .doesNotContain("sub", "identities");
        String alice = uniqueName("alice");
        String bob = uniqueName("bob");
        String csv = csv(header, row(alice, Map.of("given_name", "Alice", "family_name", "Doe\\, Jr.")), row(bob, Map.of()));

        UserImportJobType created = cognito.createUserImportJob(r -> r.userPoolId(pool.poolId).jobName("Customer import")
                .cloudWatchLogsRoleArn(ROLE)).userImportJob();
        assertThat(created.jobId()).matches("import-[0-9a-zA-Z]{10}");
        assertThat(created.status()).isEqualTo(UserImportJobStatusType.CREATED);
        assertThat(created.preSignedUrl()).startsWith("http://")
                .contains(":" + pool.server.port() + "/user-import/" + pool.poolId + "/" + created.jobId() + "?");
        assertThat(created.creationDate()).isNotNull();
        assertThat(created.startDate()).isNull();

        HttpResponse<String> put = upload(created.preSignedUrl(), csv);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));

        UserImportJobType started = cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(created.jobId())).userImportJob();
        assertThat(started.status()).isEqualTo(UserImportJobStatusType.PENDING);
        assertThat(started.startDate()).isNotNull();
        UserImportJobType done = awaitEnd(created.jobId());
        assertThat(done.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
        assertThat(done.completionMessage()).isEqualTo("Import Job Completed Successfully.");
        assertThat(done.importedUsers()).isEqualTo(2);
        assertThat(done.failedUsers()).isZero();
        assertThat(done.skippedUsers()).isZero();
        assertThat(done.completionDate()).isNotNull();

        assertThat(pool.status(alice)).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThat(pool.attribute(alice, "family_name")).isEqualTo("Doe, Jr.");
        assertThat(pool.attribute(alice, "email_verified")).isEqualTo("true");
        assertThat(pool.attribute(alice, "sub")).matches("[0-9a-f-]{36}").isNotEqualTo(pool.attribute(bob, "sub"));

        String client = pool.client();
        // As Cognito: a client that hides whether users exist answers as for a wrong password, a LEGACY one says why.
        assertThatThrownBy(() -> pool.signIn(client, alice, "Any-Password-1"))
                .isInstanceOf(NotAuthorizedException.class);
        String legacy = pool.client(r -> r.preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY));
        assertThatThrownBy(() -> pool.signIn(legacy, alice, "Any-Password-1"))
                .isInstanceOf(PasswordResetRequiredException.class)
                .hasMessageContaining("Password reset required for the user.");
        cognito.forgotPassword(r -> r.clientId(client).username(alice));
        String code = code(newMailTo(email(alice), 0));
        cognito.confirmForgotPassword(r -> r.clientId(client).username(alice).confirmationCode(code).password(NEW_PASSWORD));
        assertThat(pool.status(alice)).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(pool.signIn(client, alice, NEW_PASSWORD).authenticationResult().accessToken()).isNotBlank();
    }

    @Test
    void badRowsAreCountedAsFailedAndExistingUsersSkipped() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        String existing = uniqueName("existing");
        cognito.adminCreateUser(r -> r.userPoolId(pool.poolId).username(existing).messageAction(MessageActionType.SUPPRESS));
        String good = uniqueName("good");
        String unverified = uniqueName("unverified");
        String badEmail = uniqueName("bademail");
        String injected = uniqueName("injected");
        List<String> rows = new ArrayList<>();
        rows.add(row(good, Map.of()));
        rows.add(row(unverified, Map.of("email_verified", "false")));
        rows.add(row(badEmail, Map.of("email", "not-an-address")));
        rows.add(row(injected, Map.of("given_name", "x,cognito:username")));
        rows.add(row(existing, Map.of()));
        rows.add(row(good, Map.of()));
        rows.add(row(uniqueName("mfa"), Map.of("cognito:mfa_enabled", "true")));
        UserImportJobType done = runJob(csv(header, rows.toArray(String[]::new)));

        assertThat(done.status()).isEqualTo(UserImportJobStatusType.SUCCEEDED);
        assertThat(done.importedUsers()).isEqualTo(1);
        assertThat(done.skippedUsers()).isEqualTo(2);
        assertThat(done.failedUsers()).isEqualTo(4);
        assertThat(pool.status(good)).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThat(pool.status(existing)).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        for (String refused : List.of(unverified, badEmail, injected)) {
            assertThatThrownBy(() -> pool.status(refused)).isInstanceOf(UserNotFoundException.class);
        }

        UserImportJobType allFailed = runJob(csv(header, row(uniqueName("nobody"), Map.of("email_verified", ""))));
        assertThat(allFailed.status()).isEqualTo(UserImportJobStatusType.FAILED);
        assertThat(allFailed.completionMessage()).isEqualTo("Too many users have failed or been skipped during the import.");
        assertThat(allFailed.failedUsers()).isEqualTo(1);
    }

    @Test
    void mfaEnabledTurnsSmsMfaOnWhereMfaIsOptionalAndTheRowHasANumber() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        String noSms = uniqueName("nosms");
        cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration("OPTIONAL")
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));
        UserImportJobType notOffered = runJob(csv(header, row(noSms, Map.of("cognito:mfa_enabled", "true",
                "phone_number", "+15550400001"))));
        assertThat(notOffered.failedUsers()).isEqualTo(1);

        cognito.setUserPoolMfaConfig(r -> r.userPoolId(pool.poolId).mfaConfiguration("OPTIONAL")
                .smsMfaConfiguration(m -> m.smsConfiguration(c -> c.snsCallerArn("arn:aws:iam::123456789012:role/sms"))));
        String texted = uniqueName("texted");
        String numberless = uniqueName("numberless");
        String plain = uniqueName("plain");
        UserImportJobType done = runJob(csv(header,
                row(texted, Map.of("cognito:mfa_enabled", "TRUE", "phone_number", "+15550400002")),
                row(numberless, Map.of("cognito:mfa_enabled", "true")),
                row(plain, Map.of("phone_number", "+15550400003"))));

        assertThat(done.importedUsers()).isEqualTo(2);
        assertThat(done.failedUsers()).isEqualTo(1);
        assertThat(cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(texted)).userMFASettingList())
                .containsExactly("SMS_MFA");
        assertThat(cognito.adminGetUser(r -> r.userPoolId(pool.poolId).username(plain)).hasUserMFASettingList()).isFalse();
        assertThatThrownBy(() -> pool.status(numberless)).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void csvInjectionOrBadHeaderIsRefusedByName() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        String user = uniqueName("header");
        List<String> withPassword = new ArrayList<>(header);
        withPassword.add("password");
        UserImportJobType unknown = runJob(String.join(",", withPassword) + "\n" + row(header, user, Map.of()) + ",Secret-1\n");
        assertThat(unknown.status()).isEqualTo(UserImportJobStatusType.FAILED);
        assertThat(unknown.completionMessage()).contains("\"password\"").contains("not in the user pool's schema");
        assertThatThrownBy(() -> pool.status(user)).isInstanceOf(UserNotFoundException.class);

        List<String> twice = new ArrayList<>(header);
        twice.add("email");
        UserImportJobType duplicated = runJob(String.join(",", twice) + "\n");
        assertThat(duplicated.completionMessage()).isEqualTo("The CSV header has the column email twice.");

        List<String> lacking = new ArrayList<>(header);
        lacking.remove("cognito:username");
        UserImportJobType missing = runJob(String.join(",", lacking) + "\n");
        assertThat(missing.completionMessage()).isEqualTo("The CSV header lacks the column cognito:username (see GetCSVHeader).");

        // A value cannot smuggle a column, a row or a control character into the import.
        String smuggler = uniqueName("smuggler");
        String formula = uniqueName("formula");
        UserImportJobType injection = runJob(csv(header,
                row(smuggler, Map.of("given_name", "x,admin")),
                row(uniqueName("control"), Map.of("given_name", "a\u0007b")),
                row(formula, Map.of("given_name", "=HYPERLINK(\"http://evil.example\")"))));
        assertThat(injection.failedUsers()).isEqualTo(2);
        assertThat(injection.importedUsers()).isEqualTo(1);
        assertThatThrownBy(() -> pool.status(smuggler)).isInstanceOf(UserNotFoundException.class);
        // kept as the text it is: Cognate never evaluates it, and ListUsers answers it as JSON
        assertThat(pool.attribute(formula, "given_name")).isEqualTo("=HYPERLINK(\"http://evil.example\")");
    }

    @Test
    void stopEndsARunningJobBetweenBatches() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        String prefix = uniqueName("many");
        String[] rows = new String[20_000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = row(header, prefix + "-" + i, Map.of());
        }
        UserImportJobType job = create();
        assertThat(upload(job.preSignedUrl(), csv(header, rows)).statusCode()).isEqualTo(200);
        cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId()));
        UserImportJobType stopping = cognito.stopUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId())).userImportJob();
        assertThat(stopping.status()).isIn(UserImportJobStatusType.STOPPING, UserImportJobStatusType.STOPPED);

        UserImportJobType stopped = awaitEnd(job.jobId());
        assertThat(stopped.status()).isEqualTo(UserImportJobStatusType.STOPPED);
        assertThat(stopped.completionMessage()).isEqualTo("The Import Job was stopped by the developer.");
        assertThat(stopped.importedUsers()).isLessThan(rows.length);
        assertThat(stopped.importedUsers() % UserImportRun.BATCH).isZero();
        assertThatThrownBy(() -> pool.status(prefix + "-" + (rows.length - 1))).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId())))
                .isInstanceOf(PreconditionNotMetException.class);
        assertThatThrownBy(() -> cognito.stopUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId())))
                .isInstanceOf(PreconditionNotMetException.class);
    }

    @Test
    void aSecondUploadReplacesTheFirstAndAStartedJobTakesNoMore() throws Exception {
        List<String> header = cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader();
        String first = uniqueName("first");
        String second = uniqueName("second");
        UserImportJobType job = create();
        assertThat(upload(job.preSignedUrl(), csv(header, row(header, first, Map.of()))).statusCode()).isEqualTo(200);
        assertThat(upload(job.preSignedUrl(), csv(header, row(header, second, Map.of()))).statusCode()).isEqualTo(200);
        cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId()));
        HttpResponse<String> late = upload(job.preSignedUrl(), csv(header, row(header, uniqueName("late"), Map.of())));
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(late.body()).contains("<Code>AccessDenied</Code>");

        assertThat(awaitEnd(job.jobId()).importedUsers()).isEqualTo(1);
        assertThat(pool.status(second)).isEqualTo(UserStatusType.RESET_REQUIRED);
        assertThatThrownBy(() -> pool.status(first)).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void listUserImportJobsIsNewestFirstAndPages() {
        UserImportJobType first = create();
        UserImportJobType second = create();
        ListUserImportJobsResponse page = cognito.listUserImportJobs(r -> r.userPoolId(pool.poolId).maxResults(1));
        assertThat(page.userImportJobs()).extracting(UserImportJobType::jobId).containsExactly(second.jobId());
        ListUserImportJobsResponse next = cognito.listUserImportJobs(r -> r.userPoolId(pool.poolId).maxResults(1)
                .paginationToken(page.paginationToken()));
        assertThat(next.userImportJobs()).extracting(UserImportJobType::jobId).containsExactly(first.jobId());
        assertThat(next.paginationToken()).isNull();
        assertThatThrownBy(() -> cognito.listUserImportJobs(r -> r.userPoolId(pool.poolId).maxResults(61)))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(first.jobId())))
                .isInstanceOf(PreconditionNotMetException.class)
                .hasMessageContaining("No CSV file has been uploaded");
    }

    @Test
    void uploadWithForgedUrlTokenIsRefused() throws Exception {
        UserImportJobType job = create();
        UserImportJobType other = create();
        String url = job.preSignedUrl();
        String signature = url.substring(url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length());
        String flipped = (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        String csv = csv(cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader(), row(uniqueName("forged"), Map.of()));

        for (String forged : List.of(url.replace(signature, flipped), url.substring(0, url.indexOf("&X-Amz-Signature")),
                url.replace(job.jobId(), other.jobId()), url.replace("X-Amz-Expires=900", "X-Amz-Expires=999999"))) {
            HttpResponse<String> refused = upload(forged, csv);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
        for (UserImportJobType untouched : List.of(job, other)) {
            assertThatThrownBy(() -> cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(untouched.jobId())))
                    .isInstanceOf(PreconditionNotMetException.class);
        }
        HttpResponse<String> wrongEncryption = send(HttpRequest.newBuilder(URI.create(url))
                .header("x-amz-server-side-encryption", "AES256").PUT(HttpRequest.BodyPublishers.ofString(csv)));
        assertThat(wrongEncryption.statusCode()).isEqualTo(400);
        assertThat(wrongEncryption.body()).contains("<Code>InvalidArgument</Code>");
    }

    @Test
    void anotherPoolsJobIdIsRefused() throws Exception {
        UserImportJobType job = create();
        MailedPool other = MailedPool.create(backend);
        for (Function<String, Object> call : List.<Function<String, Object>>of(
                id -> cognito.describeUserImportJob(r -> r.userPoolId(other.poolId).jobId(id)),
                id -> cognito.startUserImportJob(r -> r.userPoolId(other.poolId).jobId(id)),
                id -> cognito.stopUserImportJob(r -> r.userPoolId(other.poolId).jobId(id)))) {
            assertThatThrownBy(() -> call.apply(job.jobId()))
                    .isInstanceOf(ResourceNotFoundException.class)
                    .hasMessageContaining("Job " + job.jobId() + " does not exist.");
        }
        assertThat(cognito.listUserImportJobs(r -> r.userPoolId(other.poolId).maxResults(10)).userImportJobs()).isEmpty();
        HttpResponse<String> moved = upload(job.preSignedUrl().replace(pool.poolId, other.poolId), "x");
        assertThat(moved.statusCode()).isEqualTo(403);
        assertThat(moved.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void oversizedUploadIsRefused() throws Exception {
        UserImportJobType job = create();
        long tooLarge = 100L * 1024 * 1024 + 1;
        HttpResponse<String> refused;
        // A client of its own: when the server is slow to answer, the JDK client sends the body
        // after 5 s without a 100 Continue, and that connection must not be the next request's.
        try (HttpClient own = HttpClient.newHttpClient()) {
            refused = own.send(HttpRequest.newBuilder(URI.create(job.preSignedUrl())).expectContinue(true)
                    .timeout(Duration.ofSeconds(60)).header("x-amz-server-side-encryption", "aws:kms")
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(new Zeros(tooLarge), tooLarge)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("<Code>EntityTooLarge</Code>");
        assertThatThrownBy(() -> cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId())))
                .isInstanceOf(PreconditionNotMetException.class);

        HttpResponse<String> notText = send(HttpRequest.newBuilder(URI.create(job.preSignedUrl()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', ',', (byte) 0xC3, (byte) 0x28, '\n'})));
        assertThat(notText.statusCode()).isEqualTo(400);
        assertThat(notText.body()).contains("<Code>InvalidArgument</Code>");
    }

    @Test
    void refusedUploadClosesItsConnectionSoItsUnreadBodyIsNeverReadAsAnotherRequest() throws Exception {
        URI url = URI.create(create().preSignedUrl());
        String smuggled = "PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 18\r\n\r\ncognito:username\nx\n";
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: " + (100L * 1024 * 1024 + 1) + "\r\n\r\n" + smuggled)
                    .getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answers).startsWith("HTTP/1.1 400").contains("<Code>EntityTooLarge</Code>")
                    .containsIgnoringCase("Connection: close");
            assertThat(answers.split("HTTP/1.1 ", -1)).as("one answer, then the end of the connection").hasSize(2);
        }
    }

    @Test
    void uploadAfterExpiryIsRefused() throws Exception {
        MovableClock clock = new MovableClock(Instant.now());
        try (TestServer server = TestServer.startWith(backend, clock)) {
            CognitoIdentityProviderClient own = server.client();
            String poolId = own.createUserPool(r -> r.poolName("import-expiry").autoVerifiedAttributesWithStrings("email"))
                    .userPool().id();
            UserImportJobType job = own.createUserImportJob(r -> r.userPoolId(poolId).jobName("late")
                    .cloudWatchLogsRoleArn(ROLE)).userImportJob();
            clock.advance(Duration.ofMinutes(15).plusSeconds(1));
            HttpResponse<String> late = upload(job.preSignedUrl(), "cognito:username\n");
            assertThat(late.statusCode()).isEqualTo(403);
            assertThat(late.body()).contains("<Code>AccessDenied</Code><Message>Request has expired</Message>");

            clock.advance(Duration.ofHours(24));
            // signed at the server's moved time, as a client whose clock agrees with it would
            RawAdminRequest.Response expired = RawAdminRequest.to(server, "DescribeUserImportJob").signedAt(clock.instant())
                    .body("{\"UserPoolId\":\"" + poolId + "\",\"JobId\":\"" + job.jobId() + "\"}").send();
            assertThat(expired.status()).isEqualTo(200);
            assertThat(expired.body()).contains("\"Status\":\"Expired\"").contains("\"CompletionMessage\":\"The user import job has expired.\"");
            RawAdminRequest.Response start = RawAdminRequest.to(server, "StartUserImportJob").signedAt(clock.instant())
                    .body("{\"UserPoolId\":\"" + poolId + "\",\"JobId\":\"" + job.jobId() + "\"}").send();
            assertThat(start.type()).isEqualTo("PreconditionNotMetException");
        }
    }

    @Test
    void requestShapesAreCheckedAsCognitoDoes() {
        assertThatThrownBy(() -> cognito.createUserImportJob(r -> r.userPoolId(pool.poolId).jobName("x")
                .cloudWatchLogsRoleArn("not-an-arn-at-all-really")))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class)
                .hasMessageContaining("cloudWatchLogsRoleArn");
        assertThatThrownBy(() -> cognito.createUserImportJob(r -> r.userPoolId(pool.poolId).jobName("bad/name")
                .cloudWatchLogsRoleArn(ROLE)))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class)
                .hasMessageContaining("jobName");
        assertThatThrownBy(() -> cognito.describeUserImportJob(r -> r.userPoolId(pool.poolId).jobId("../etc/passwd")))
                .isInstanceOf(software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.getCSVHeader(r -> r.userPoolId("us-east-1_nopool123")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    // --- helpers ---

    UserImportJobType create() {
        return cognito.createUserImportJob(r -> r.userPoolId(pool.poolId).jobName("job " + uniqueName("j"))
                .cloudWatchLogsRoleArn(ROLE)).userImportJob();
    }

    UserImportJobType runJob(String csv) throws Exception {
        UserImportJobType job = create();
        assertThat(upload(job.preSignedUrl(), csv).statusCode()).isEqualTo(200);
        cognito.startUserImportJob(r -> r.userPoolId(pool.poolId).jobId(job.jobId()));
        return awaitEnd(job.jobId());
    }

    /** Polls DescribeUserImportJob until the job has ended (short polls, bounded). */
    UserImportJobType awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            UserImportJobType job = cognito.describeUserImportJob(r -> r.userPoolId(pool.poolId).jobId(jobId)).userImportJob();
            if (List.of(UserImportJobStatusType.SUCCEEDED, UserImportJobStatusType.FAILED, UserImportJobStatusType.STOPPED,
                    UserImportJobStatusType.EXPIRED).contains(job.status())) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " still " + job.status());
            }
            Thread.sleep(20);
        }
    }

    String row(String username, Map<String, String> values) {
        return row(cognito.getCSVHeader(r -> r.userPoolId(pool.poolId)).csvHeader(), username, values);
    }

    /** A row with the user's e-mail verified (the pool's auto-verified attribute) unless {@code values} say otherwise. */
    static String row(List<String> header, String username, Map<String, String> values) {
        List<String> fields = new ArrayList<>();
        for (String column : header) {
            String value = switch (column) {
                case "cognito:username" -> username;
                case "email" -> email(username);
                case "email_verified" -> "TRUE";
                case "cognito:mfa_enabled" -> "false";
                default -> "";
            };
            fields.add(values.getOrDefault(column, value));
        }
        return String.join(",", fields);
    }

    static String csv(List<String> header, String... rows) {
        return String.join(",", header) + "\n" + String.join("\n", rows) + "\n";
    }

    static HttpResponse<String> upload(String url, String csv) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("x-amz-server-side-encryption", "aws:kms")
                .PUT(HttpRequest.BodyPublishers.ofString(csv)));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code length} zero bytes, produced as asked (never held). */
    record Zeros(long length) implements Flow.Publisher<ByteBuffer> {
        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                long sent;
                boolean cancelled;

                @Override
                public void request(long n) {
                    for (long i = 0; i < n && sent < length && !cancelled; i++) {
                        int size = (int) Math.min(64 * 1024, length - sent);
                        sent += size;
                        subscriber.onNext(ByteBuffer.allocate(size));
                    }
                    if (sent >= length && !cancelled) {
                        cancelled = true;
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }
}
