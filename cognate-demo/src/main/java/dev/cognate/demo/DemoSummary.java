package dev.cognate.demo;

import dev.cognate.demo.setup.PoolConfiguration;
import dev.cognate.devidp.DevIdpConfig;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** What the demo prints once it is ready: what to open, who can sign in, and how to look at it with the AWS CLI. */
final class DemoSummary {
    static final String READY_LINE = "Ctrl-C stops everything.";
    static final String SIGN_UP_LINE = "Sign up on the hosted page: the code appears here.";

    private DemoSummary() {}

    static void print(Demo demo, DevIdpConfig directory, PrintStream out) {
        String cognate = demo.cognateUrl();
        String cli = "  aws --endpoint-url " + cognate + " cognito-idp ";
        out.println("Cognate demo: a Microsoft Entra ID stand-in, Cognate and an app, set up as the seed guide does.");
        out.println();
        out.println("Open the demo app:  " + demo.appUrl());
        out.println("The seed's step 10: " + cognate + "/login?response_type=code&client_id=" + demo.clientId()
                + "&redirect_uri=" + URLEncoder.encode(demo.callbackUrl(), StandardCharsets.UTF_8));
        out.println(SIGN_UP_LINE);
        out.println();
        out.println("Test users of the dev IdP (" + demo.devIdpUrl() + "), to pick on its sign-in page:");
        for (DevIdpConfig.TenantSpec tenant : directory.tenants()) {
            for (DevIdpConfig.UserSpec user : tenant.users()) {
                out.printf("  %-34s %-10s %-9s %s%n", user.userPrincipalName(), user.password(), tenant.displayName(),
                        note(tenant, user));
            }
        }
        out.println();
        out.println("Cognate: " + cognate + ", user pool " + demo.poolId() + " (domain " + PoolConfiguration.DOMAIN
                + "), app client " + PoolConfiguration.CLIENT_NAME + " " + demo.clientId());
        out.println("  " + PoolConfiguration.SINGLE_TENANT + ":       issuer " + demo.devIdpAuthority(DemoDirectory.CONTOSO));
        out.println("  " + PoolConfiguration.MULTI_TENANT + ": issuer " + demo.devIdpAuthority("organizations")
                + ", allowed_tenants " + DemoDirectory.CONTOSO + " (Contoso)");
        out.println("  data in " + demo.dataDir() + (demo.reusedPool()
                ? " (pool and client of an earlier run, providers updated; --reset starts over)" : ""));
        out.println();
        out.println("AWS CLI, signed with this demo's admin key:");
        out.println("  export AWS_ACCESS_KEY_ID=" + demo.accessKeyId());
        out.println("  export AWS_SECRET_ACCESS_KEY=" + demo.secretAccessKey());
        out.println("  export AWS_DEFAULT_REGION=" + Demo.REGION.id());
        out.println(cli + "describe-identity-provider --user-pool-id " + demo.poolId() + " --provider-name "
                + PoolConfiguration.SINGLE_TENANT);
        out.println(cli + "describe-user-pool-client --user-pool-id " + demo.poolId() + " --client-id " + demo.clientId());
        out.println(cli + "list-users --user-pool-id " + demo.poolId());
        out.println();
        out.println(READY_LINE);
        out.flush();
    }

    private static String note(DevIdpConfig.TenantSpec tenant, DevIdpConfig.UserSpec user) {
        if (Boolean.FALSE.equals(user.mailVerified())) {
            return "unverified e-mail " + user.mail() + ": a user of her own, never one with that e-mail (nOAuth)";
        }
        if (DemoDirectory.CONTOSO.equals(tenant.id())) {
            return "signs in through " + PoolConfiguration.SINGLE_TENANT + " and " + PoolConfiguration.MULTI_TENANT;
        }
        return PoolConfiguration.MULTI_TENANT + " refuses this tenant (allowed_tenants lists Contoso only)";
    }
}
