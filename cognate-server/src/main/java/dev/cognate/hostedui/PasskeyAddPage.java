package dev.cognate.hostedui;

/**
 * The page where a signed-in user adds a passkey ({@code /passkeys/add}).
 *
 * @param options     the registration's creation options (PublicKeyCredentialCreationOptionsJSON)
 * @param redirectUri the app's callback URL the page goes back to (checked against the client's)
 * @param error       what went wrong with the last try, or null
 */
public record PasskeyAddPage(String appName, String username, String csrfToken, String clientId, String redirectUri,
                             String options, String error) {}
