package dev.cognate.oauth;

/**
 * How authorize hands a sign-in over to an upstream identity provider: implemented by the
 * federation, wired at the composition root, so that the protocol core knows no IdP.
 */
public interface UpstreamSignIn {

    /** Where the browser goes to sign in at the IdP. */
    sealed interface Start {
        record Redirect(String location) implements Start {}

        /** The sign-in cannot start (the provider is gone, or its metadata is out of reach): the app is told why. */
        record Unavailable(String description) implements Start {}
    }

    Start begin(OpenSignIn signIn, String providerName);
}
