package dev.cognate.devidp.oauth;

import static java.lang.String.format;

/**
 * An error as Entra reports it: an OAuth {@code error}, an AADSTS number and text, and optionally a
 * {@code suberror}; {@code status} is the HTTP status at the token endpoint. Numbers follow Entra's where
 * known; relying parties should test {@code error} and the AADSTS prefix, not the number.
 */
public final class EntraError extends RuntimeException {
    private final String error;
    private final int code;
    private final String text;
    private final String suberror;
    private final int status;

    EntraError(String error, int code, String text, String suberror, int status) {
        super("AADSTS" + code + ": " + text);
        this.error = error;
        this.code = code;
        this.text = text;
        this.suberror = suberror;
        this.status = status;
    }

    EntraError(String error, int code, String text) {
        this(error, code, text, null, 400);
    }

    public String error() {
        return error;
    }

    public int code() {
        return code;
    }

    /** "AADSTSnnnn: text". */
    public String aadsts() {
        return getMessage();
    }

    public String text() {
        return text;
    }

    public String suberror() {
        return suberror;
    }

    public int status() {
        return status;
    }

    // Request validation

    static EntraError tenantNotFound(String segment) {
        return new EntraError("invalid_request", 90002, format("Tenant '%s' not found. Check to make sure you have the correct "
                + "tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may "
                + "happen if there are no active subscriptions for the tenant.", segment));
    }

    static EntraError missingParameter(String name) {
        return new EntraError("invalid_request", 900144, format("The request body must contain the following parameter: '%s'.", name));
    }

    static EntraError invalidParameter(String name, String why) {
        return new EntraError("invalid_request", 90023, format("The '%s' parameter is invalid: %s", name, why));
    }

    static EntraError applicationNotFound(String appId, String directory) {
        return new EntraError("unauthorized_client", 700016, format("Application with identifier '%s' was not found in the "
                + "directory '%s'. This can happen if the application has not been installed by the administrator of the "
                + "tenant or consented to by any user in the tenant. You may have sent your authentication request to the "
                + "wrong tenant.", appId, directory));
    }

    static EntraError redirectUriMismatch(String redirectUri, String appId) {
        return new EntraError("invalid_request", 50011, format("The redirect URI '%s' specified in the request does not match "
                + "the redirect URIs configured for the application '%s'. Make sure the redirect URI sent in the request "
                + "matches one added to your application in the Azure portal.", redirectUri, appId));
    }

    static EntraError noReplyAddress(String appId) {
        return new EntraError("invalid_request", 500113, format("No reply address is registered for the application '%s'.", appId));
    }

    static EntraError notMultiTenant(String appId, String name) {
        return new EntraError("invalid_request", 50194, format("Application '%s'(%s) is not configured as a multi-tenant "
                + "application. Usage of the /common endpoint is not supported for such applications created after "
                + "'10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.", appId, name));
    }

    static EntraError organizationsOnly(String appId, String name) {
        return new EntraError("invalid_request", 9002332, format("Application '%s'(%s) is configured for use by Azure Active "
                + "Directory users only. Please do not use the /consumers endpoint to serve this request.", appId, name));
    }

    static EntraError personalAccountsOnly(String appId, String name) {
        return new EntraError("invalid_request", 9002331, format("Application '%s'(%s) is configured for use by Microsoft "
                + "Account users only. Please use the /consumers endpoint to serve this request.", appId, name));
    }

    static EntraError unsupportedResponseType(String responseType) {
        return new EntraError("unsupported_response_type", 70005, format("response_type '%s' is not supported.", responseType));
    }

    static EntraError responseTypeNotEnabled(String responseType) {
        return new EntraError("unsupported_response_type", 700054, format("response_type '%s' is not enabled for the application.", responseType));
    }

    static EntraError invalidScope(String why) {
        return new EntraError("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid. " + why);
    }

    static EntraError invalidCodeChallenge(String why) {
        return new EntraError("invalid_request", 501491, "Invalid size of Code_Challenge parameter. " + why);
    }

    static EntraError loginRequired() {
        return new EntraError("login_required", 50058, "A silent sign-in request was sent but no user is signed in.");
    }

    static EntraError interactionRequired() {
        return new EntraError("interaction_required", 16000, "Either multiple user identities are available for the current "
                + "request or selected account is not supported for the scenario.");
    }

    static EntraError consentRequired(String appId, String name) {
        return new EntraError("consent_required", 65001, format("The user or administrator has not consented to use the "
                + "application with ID '%s' named '%s'. Send an interactive authorization request for this user and resource.", appId, name),
                "consent_required", 400);
    }

    static EntraError userDeclinedConsent() {
        return new EntraError("access_denied", 65004, "User declined to consent to access the app.");
    }

    // Token endpoint

    static EntraError unsupportedGrantType(String grantType) {
        return new EntraError("unsupported_grant_type", 70003, format("The app requested an unsupported grant type '%s'.", grantType));
    }

    static EntraError clientCredentialRequired() {
        return new EntraError("invalid_client", 7000218, "The request body must contain the following parameter: "
                + "'client_assertion' or 'client_secret'.", null, 401);
    }

    static EntraError invalidClientSecret(String appId) {
        return new EntraError("invalid_client", 7000215, format("Invalid client secret provided. Ensure the secret being sent "
                + "in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", appId), null, 401);
    }

    static EntraError expiredClientSecret(String appId) {
        return new EntraError("invalid_client", 7000222, format("The provided client secret keys for app '%s' are expired. "
                + "Visit the Azure portal to create new keys for your app, or consider using certificate credentials for "
                + "added security.", appId), null, 401);
    }

    static EntraError conflictingClientAuthentication() {
        return new EntraError("invalid_request", 90014, "More than one client authentication method was used; send exactly one.");
    }

    static EntraError invalidClientAssertion(String why) {
        return new EntraError("invalid_client", 50027, "JWT token is invalid or malformed. " + why, null, 401);
    }

    static EntraError assertionSignature(String why) {
        return new EntraError("invalid_client", 700027, "Client assertion failed signature validation. " + why, null, 401);
    }

    static EntraError assertionClientMismatch() {
        return new EntraError("invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter.", null, 401);
    }

    static EntraError assertionTime() {
        return new EntraError("invalid_client", 700024, "Client assertion is not within its valid time range.", null, 401);
    }

    static EntraError malformedGrant() {
        return new EntraError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
    }

    static EntraError grantExpired() {
        return new EntraError("invalid_grant", 70008, "The provided authorization code or refresh token has expired due to "
                + "inactivity. Send a new interactive authorization request for this user and resource.");
    }

    static EntraError codeRedeemed() {
        return new EntraError("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a "
                + "new valid code or use an existing refresh token.");
    }

    static EntraError grantForOtherClient() {
        return new EntraError("invalid_grant", 70000, "Provided grant is invalid or malformed.");
    }

    static EntraError grantForOtherTenant() {
        return new EntraError("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant, thus rejected.");
    }

    static EntraError replyAddressMismatch(String given, String original) {
        return new EntraError("invalid_grant", 500112, format("The reply address '%s' does not match the reply address '%s' "
                + "provided when requesting Authorization code.", given, original));
    }

    static EntraError pkceMismatch() {
        return new EntraError("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
    }

    static EntraError unexpectedCodeVerifier() {
        return new EntraError("invalid_grant", 501481, "A code_verifier was sent but the authorization request carried no code_challenge.");
    }

    static EntraError clientCredentialsScope(String scope) {
        return new EntraError("invalid_scope", 1002012, format("The provided value for scope %s is not valid. Client credential "
                + "flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope));
    }
}
