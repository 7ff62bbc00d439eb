package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.clients.AppClient;
import dev.cognate.pools.UserPool;

/** The app client a sign-in call names, with its pool. */
public record SignInClient(UserPool pool, AppClient client) {

    /** Refuses the call unless the client's ExplicitAuthFlows allow {@code allowFlow} (an ALLOW_ value). */
    public void requireFlow(String allowFlow, String refusal) {
        if (!client.authFlows().contains(allowFlow)) {
            throw AwsException.invalidParameter(refusal);
        }
    }

    public String clientId() {
        return client.clientId();
    }

    /** Whether the client hides whether users exist: PreventUserExistenceErrors is not LEGACY. */
    public boolean existenceHidden() {
        return !"LEGACY".equals(client.preventUserExistenceErrors());
    }

    /** The client as the sign-in's triggers see it, with the call's ClientMetadata. */
    public PasswordSignIn.App app(java.util.Map<String, String> clientMetadata) {
        return new PasswordSignIn.App(clientId(), clientMetadata, existenceHidden());
    }
}
