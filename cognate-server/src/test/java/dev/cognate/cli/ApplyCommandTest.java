package dev.cognate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.config.Secrets;
import dev.cognate.testing.Backend;
import dev.cognate.testing.EmbeddedPostgres;
import dev.cognate.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;

/** `cognate apply` and `cognate export` on a store of their own (docs/OPERATIONS.md). */
@ParameterizedClass
@EnumSource(Backend.class)
class ApplyCommandTest {
    static final String CORP_SECRET = "corp-secret-4f1e9a7c";
    static final String ALICE_PASSWORD = "Alice-Password-9";

    @Parameter
    Backend backend;

    Path data;
    String dbUrl;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void freshStore() throws IOException {
        data = Files.createTempDirectory("cognate-apply-");
        dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
        env.put(Secrets.ENV_ACCESS_KEY, TestServer.ACCESS_KEY_ID);
        env.put(Secrets.ENV_SECRET_KEY, TestServer.SECRET_ACCESS_KEY);
        env.put(Secrets.ENV_MASTER_KEY, Base64.getEncoder().encodeToString(TestServer.MASTER_KEY));
        env.put("CORP_SECRET", CORP_SECRET);
        env.put("ALICE_PASSWORD", ALICE_PASSWORD);
    }

    record Run(int exit, String out, String err) {
        List<String> lines(String action) {
            return out.lines().filter(l -> l.startsWith(action + " ")).toList();
        }
    }

    @Test
    void applyThenExportThenApplyTheExportChangesNothing() throws IOException {
        Path file = declaration(null);
        Run first = apply(file);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.lines("create")).hasSize(8).anySatisfy(l -> assertThat(l).contains("user pool").contains("ops"))
                .anySatisfy(l -> assertThat(l).contains("app client").contains("ops/web").contains("ClientId "));
        assertThat(first.out()).contains("Applied: 8 created, 0 updated, 0 deleted, 0 unchanged.");

        Path exported = data.resolve("exported.yaml");
        Run export = run(new ExportCommand(), exported.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        Run again = apply(exported);
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("Applied: 0 created, 0 updated, 0 deleted, 8 unchanged.");
        assertThat(apply(file).out()).contains("Applied: 0 created, 0 updated, 0 deleted, 8 unchanged.");

        // the export also builds another store (its secrets come anew: GenerateSecret makes another client secret)
        Path source = data;
        String sourceDb = dbUrl;
        data = Files.createTempDirectory("cognate-apply-copy-");
        dbUrl = backend == Backend.POSTGRESQL ? EmbeddedPostgres.newDatabase() : null;
        Run copy = apply(exported);
        assertThat(copy.exit()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("Applied: 8 created, 0 updated, 0 deleted, 0 unchanged.");
        // the export had no IdP secret: the original file, with its ${CORP_SECRET}, gives it
        assertThat(apply(file).lines("update")).containsExactly("update     identity provider  ops/corp (ProviderDetails)");
        assertThat(apply(file).out()).contains("Applied: 0 created, 0 updated, 0 deleted, 8 unchanged.");
        data = source;
        dbUrl = sourceDb;

        try (TestServer server = TestServer.start(backend, data, dbUrl)) {
            CognitoIdentityProviderClient cognito = server.client();
            String poolId = cognito.listUserPools(r -> r.maxResults(10)).userPools().getFirst().id();
            String cli = clientId(cognito, poolId, "cli");
            assertThat(cognito.initiateAuth(r -> r.clientId(cli).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", "alice", "PASSWORD", ALICE_PASSWORD)))
                    .authenticationResult().accessToken()).isNotBlank();
            assertThat(cognito.describeIdentityProvider(r -> r.userPoolId(poolId).providerName("corp"))
                    .identityProvider().providerDetails()).containsEntry("client_secret", CORP_SECRET);
            assertThat(cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username("alice")).groups())
                    .extracting(g -> g.groupName()).containsExactly("admins");
        }
    }

    @Test
    void secretsStayOutOfTheOutputAndTheExport() throws IOException {
        Run applied = apply(declaration(null));
        Run export = run(new ExportCommand());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("PoolName: ops", "ClientName: web", "GenerateSecret: true", "Domain: ops-login",
                "Name: tenant");
        for (Run run : List.of(applied, export)) {
            assertThat(run.out() + run.err()).doesNotContain(CORP_SECRET, ALICE_PASSWORD, "client_secret:",
                    "ClientSecret");
        }
    }

    @Test
    void pruneAfterRemovingAClientDeletesExactlyThatClient() throws IOException {
        assertThat(apply(declaration(null)).exit()).isZero();
        Path withoutCli = declaration(text -> text.replace("""
                      - ClientName: cli
                        ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
                """, ""));

        Run pruned = apply(withoutCli, "--prune");

        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.lines("delete")).singleElement().satisfies(l -> assertThat(l).contains("app client", "ops/cli"));
        assertThat(pruned.out()).contains("Applied: 0 created, 0 updated, 1 deleted, 7 unchanged.");
        assertThat(run(new ExportCommand()).out()).contains("ClientName: web").doesNotContain("ClientName: cli");
        assertThat(apply(withoutCli, "--prune").out()).contains("0 deleted, 7 unchanged.");
    }

    @Test
    void aChangedMemberIsUpdatedAndWhatTheFileLeavesOutIsKept() throws IOException {
        assertThat(apply(declaration(null)).exit()).isZero();
        Path changed = declaration(text -> text.replace("https://app.example.com/callback", "https://app.example.com/cb")
                .replace("Description: Administrators", "Description: Admins"));

        Run updated = apply(changed);

        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.lines("update")).containsExactlyInAnyOrder(
                "update     app client         ops/web (CallbackURLs)",
                "update     group              ops/admins (Description)");
        try (TestServer server = TestServer.start(backend, data, dbUrl)) {
            CognitoIdentityProviderClient cognito = server.client();
            String poolId = cognito.listUserPools(r -> r.maxResults(10)).userPools().getFirst().id();
            var web = cognito.describeUserPoolClient(r -> r.userPoolId(poolId).clientId(clientId(cognito, poolId, "web")))
                    .userPoolClient();
            assertThat(web.callbackURLs()).containsExactly("https://app.example.com/cb");
            assertThat(web.allowedOAuthScopes()).contains("https://api.example.com/read");
            assertThat(web.clientSecret()).isNotBlank();
        }
    }

    @Test
    void aDryRunChangesNothing() throws IOException {
        Run dry = apply(declaration(null), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.lines("create")).hasSize(8);
        assertThat(dry.out()).contains("Dry run: 8 created, 0 updated, 0 deleted, 0 unchanged. Nothing was changed.");
        assertThat(run(new ExportCommand()).out()).isEqualTo("UserPools: []\n");

        assertThat(apply(declaration(null)).exit()).isZero();
        Run dryChange = apply(declaration(text -> text.replace("MinimumLength: 10", "MinimumLength: 12")),
                "--dry-run", "--prune");
        assertThat(dryChange.lines("update")).singleElement().satisfies(l -> assertThat(l).contains("user pool", "ops",
                "(Policies)"));
        assertThat(run(new ExportCommand()).out()).contains("MinimumLength: 10");
    }

    @Test
    void anUnsetVariableIsRefusedAndNothingIsApplied() throws IOException {
        env.remove("CORP_SECRET");
        Run refused = apply(declaration(null));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("CORP_SECRET").contains("nothing was applied");
        assertThat(run(new ExportCommand()).out()).isEqualTo("UserPools: []\n");
    }

    @Test
    void aMisspeltMemberIsRefusedBeforeAnythingIsApplied() throws IOException {
        Run refused = apply(declaration(text -> text.replace("CallbackURLs:", "CallbackUrls:")));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("app client ops/web: unknown member CallbackUrls");
        assertThat(run(new ExportCommand()).out()).isEqualTo("UserPools: []\n");
    }

    @Test
    void serveWithBootstrapAppliesTheFileBeforeItIsReady() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(backend == Backend.SQLITE, "the launcher's flags are the same on both");
        Path file = declaration(null);
        try (var serve = dev.cognate.testing.ServeProcess.start(data, null,
                Map.of("CORP_SECRET", CORP_SECRET, "ALICE_PASSWORD", ALICE_PASSWORD), "--bootstrap", file.toString())) {
            assertThat(serve.output()).contains("Applied: 8 created, 0 updated, 0 deleted, 0 unchanged.")
                    .doesNotContain(CORP_SECRET, ALICE_PASSWORD);
            CognitoIdentityProviderClient cognito = serve.client();
            String poolId = cognito.listUserPools(r -> r.maxResults(10)).userPools().getFirst().id();
            assertThat(clientId(cognito, poolId, "web")).isNotBlank();
        }
        assertThat(apply(file).out()).contains("Applied: 0 created, 0 updated, 0 deleted, 8 unchanged.");
    }

    private static String clientId(CognitoIdentityProviderClient cognito, String poolId, String name) {
        return cognito.listUserPoolClients(r -> r.userPoolId(poolId).maxResults(60)).userPoolClients().stream()
                .filter(c -> c.clientName().equals(name)).map(UserPoolClientDescription::clientId).findFirst().orElseThrow();
    }

    private Path declaration(java.util.function.UnaryOperator<String> edit) throws IOException {
        String text;
        try (var in = getClass().getResourceAsStream("/declarative/ops.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (edit != null) {
            String edited = edit.apply(text);
            assertThat(edited).as("the edit applies").isNotEqualTo(text);
            text = edited;
        }
        Path file = Files.createTempFile(data, "declaration-", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private Run apply(Path file, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add(file.toString());
        return run(new ApplyCommand(), args.toArray(String[]::new));
    }

    private Run run(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        if (command instanceof ApplyCommand apply) {
            apply.out = o;
            apply.err = e;
            apply.env = env;
        } else if (command instanceof ExportCommand export) {
            export.out = o;
            export.err = e;
            export.env = env;
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data.toString()));
        if (dbUrl != null) {
            all.addAll(List.of("--db-url", dbUrl));
        }
        int exit = new CommandLine(command).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
