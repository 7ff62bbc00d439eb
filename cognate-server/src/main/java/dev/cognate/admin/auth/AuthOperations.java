package dev.cognate.admin.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.audit.AuditTrail;
import dev.cognate.audit.Origin;
import dev.cognate.sessions.CurrentOrigin;
import dev.cognate.clients.AuthFlows;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.RefreshTokenStore;
import dev.cognate.store.UserStore;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.authn.DeviceSrpChallenge;
import dev.cognate.authn.Devices;
import dev.cognate.authn.EmailMfaSetup;
import dev.cognate.authn.Passkeys;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.NewPasswordChallenge;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SrpChallenge;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.UserDirectory;
import dev.cognate.crypto.KeyedHash;
import dev.cognate.crypto.SecretBox;
import dev.cognate.triggers.Triggers;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The sign-in flows apps run through the SDKs: InitiateAuth and RespondToAuthChallenge
 * (public, unsigned) and their signed admin twins. Password sign-in, refresh and the
 * the NEW_PASSWORD_REQUIRED challenge, USER_SRP_AUTH with PASSWORD_VERIFIER, USER_AUTH (choice-based:
 * SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP, EMAIL_OTP), CUSTOM_AUTH with the pool's challenge triggers,
 * and the MFA challenges.
 */
public final class AuthOperations implements OperationFamily {
    static final List<String> AUTH_FLOWS = List.of("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH",
            "ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_AUTH");
    static final List<String> CHALLENGE_NAMES = List.of("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE",
            "MFA_SETUP", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE", "SELECT_CHALLENGE", "DEVICE_SRP_AUTH",
            "DEVICE_PASSWORD_VERIFIER", "ADMIN_NO_SRP_AUTH", "NEW_PASSWORD_REQUIRED", "SMS_OTP", "PASSWORD", "WEB_AUTHN",
            "PASSWORD_SRP");

    static final String USER_AUTH_NOT_ENABLED = "USER_AUTH flow not enabled for this client";

    private final AuthClients clients;
    private final PasswordFlow passwords;
    private final RefreshFlow refreshes;
    private final NewPasswordFlow newPasswords;
    private final SrpFlow srp;
    private final MfaFlow mfa;
    private final UserAuthFlow userAuth;
    private final CustomAuthFlow custom;
    private final SignInEvents events;

    /** What the keys of the decoy delivery addresses (of names without a user) are derived for. */
    static final String DECOY_PURPOSE = "code delivery decoys";

    /**
     * @param triggers the pools' Lambda triggers (CUSTOM_AUTH), {@code box} seals its sessions
     * @param audit    where users' sign-in events are recorded; null: nowhere
     * @param devices  the users' devices, for pools that track them (device SRP sealed with {@code box}); null: none
     * @param passkeys the users' passkeys, for USER_AUTH's WEB_AUTHN; null: no passkey sign-in
     */
    public AuthOperations(UserPoolOperations pools, AppClientStore clients, UserStore users, PasswordSignIn passwordSignIn,
                          NewPasswordChallenge newPasswordChallenge, SrpChallenge srpChallenge,
                          SoftwareTokenMfa softwareTokenMfa, EmailOtp emailOtp, SmsOtp smsOtp, TokenIssuer tokenIssuer,
                          RefreshTokenStore refreshTokens, Clock clock, Triggers triggers, SecretBox box,
                          AuditTrail audit, Devices devices, Passkeys passkeys) {
        ApiTokens tokens = new ApiTokens(tokenIssuer, clock, devices);
        UserDirectory directory = new UserDirectory(users);
        this.clients = new AuthClients(pools, clients);
        this.mfa = new MfaFlow(softwareTokenMfa, emailOtp, smsOtp, new EmailMfaSetup(users, clock), directory, tokens,
                passwordSignIn, devices, devices == null ? null : new DeviceSrpChallenge(devices, box, clock));
        this.passwords = new PasswordFlow(passwordSignIn, newPasswordChallenge, directory, mfa);
        this.refreshes = new RefreshFlow(tokenIssuer, refreshTokens, clock);
        this.newPasswords = new NewPasswordFlow(newPasswordChallenge, directory, mfa);
        this.srp = new SrpFlow(srpChallenge, passwords, directory, passwordSignIn);
        this.userAuth = new UserAuthFlow(passwords, srp, mfa, directory, passwordSignIn, passkeys,
                KeyedHash.derive(box.derive(DECOY_PURPOSE), DECOY_PURPOSE));
        this.custom = new CustomAuthFlow(triggers, box, softwareTokenMfa, srp, srpChallenge, passwords, directory, tokens,
                clock, passwordSignIn, mfa);
        this.events = new SignInEvents(audit, directory);
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("InitiateAuth", InitiateAuthRequest.class, this::initiateAuth);
        registry.signed("AdminInitiateAuth", AdminInitiateAuthRequest.class, this::adminInitiateAuth);
        registry.unsigned("RespondToAuthChallenge", RespondToAuthChallengeRequest.class, this::respondToAuthChallenge);
        registry.signed("AdminRespondToAuthChallenge", AdminRespondToAuthChallengeRequest.class,
                this::adminRespondToAuthChallenge);
        registry.unsigned("GetTokensFromRefreshToken", GetTokensFromRefreshTokenRequest.class, this::tokensFromRefreshToken);
    }

    public record GetTokensFromRefreshTokenRequest(String refreshToken, String clientId, String clientSecret,
                                                   String deviceKey, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "GetTokensFromRefreshTokenRequest[clientId=" + clientId + "]";
        }
    }

    /** AWS GetTokensFromRefreshTokenResponse. */
    public record TokensResponse(AuthResponse.AuthenticationResult authenticationResult) {}

    private Object tokensFromRefreshToken(GetTokensFromRefreshTokenRequest r, Caller caller) {
        Validate.requiredString(r.refreshToken(), "refreshToken", 1, RefreshFlow.MAX_TOKEN_LENGTH);
        Validate.pattern(r.refreshToken(), "refreshToken", TokenOperations.TOKEN);
        Validate.length(r.clientSecret(), "clientSecret", 1, 64);
        Validate.pattern(r.clientSecret(), "clientSecret", TokenOperations.CLIENT_SECRET);
        Validate.length(r.deviceKey(), "deviceKey", 1, 55);
        Validate.pattern(r.deviceKey(), "deviceKey", Devices.KEY);
        SignInClient target = clients.publicClient(r.clientId());
        return new TokensResponse(refreshes.refreshWithSecret(target, r.refreshToken(), r.clientSecret(), r.deviceKey())
                .authenticationResult());
    }

    public record InitiateAuthRequest(String authFlow, Map<String, String> authParameters, Map<String, String> clientMetadata,
                                      String clientId, JsonNode analyticsMetadata, JsonNode userContextData,
                                      String session) {
        @Override
        public String toString() {
            return "InitiateAuthRequest[authFlow=" + authFlow + ", clientId=" + clientId + "]";
        }
    }

    public record AdminInitiateAuthRequest(String userPoolId, String clientId, String authFlow,
                                           Map<String, String> authParameters, Map<String, String> clientMetadata,
                                           JsonNode analyticsMetadata, ContextData contextData, String session) {
        @Override
        public String toString() {
            return "AdminInitiateAuthRequest[authFlow=" + authFlow + ", clientId=" + clientId + "]";
        }
    }

    public record RespondToAuthChallengeRequest(String clientId, String challengeName, String session,
                                                Map<String, String> challengeResponses, JsonNode analyticsMetadata,
                                                JsonNode userContextData, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "RespondToAuthChallengeRequest[challengeName=" + challengeName + ", clientId=" + clientId + "]";
        }
    }

    public record AdminRespondToAuthChallengeRequest(String userPoolId, String clientId, String challengeName,
                                                     Map<String, String> challengeResponses, String session,
                                                     JsonNode analyticsMetadata, ContextData contextData,
                                                     Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "AdminRespondToAuthChallengeRequest[challengeName=" + challengeName + ", clientId=" + clientId + "]";
        }
    }

    /** AWS ContextDataType: what the app's server saw of the user's request. */
    public record ContextData(String ipAddress, String serverName, String serverPath, JsonNode httpHeaders,
                              String encodedData) {}

    private Object initiateAuth(InitiateAuthRequest r, Caller caller) {
        String flow = authFlow(r.authFlow(), r.session());
        SignInClient target = clients.publicClient(r.clientId());
        AuthParameters parameters = AuthParameters.of(r.authParameters());
        if (flow.startsWith("REFRESH_TOKEN")) {
            return refreshes.refresh(target, parameters);
        }
        return events.step(target, parameters.optional("USERNAME"), beginProof(flow, parameters, r.session()),
                new Origin(caller.sourceAddress(), caller.userAgent()), () -> switch (flow) {
            case "USER_PASSWORD_AUTH" -> {
                target.requireFlow(AuthFlows.USER_PASSWORD, "USER_PASSWORD_AUTH flow not enabled for this client");
                yield passwords.signIn(target, parameters, caller.sourceAddress(), metadata(r.clientMetadata()));
            }
            case "USER_SRP_AUTH" -> {
                target.requireFlow(AuthFlows.USER_SRP, "USER_SRP_AUTH flow not enabled for this client");
                yield srp.begin(target, parameters, metadata(r.clientMetadata()));
            }
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> refreshes.refresh(target, parameters);
            case "USER_AUTH" -> {
                target.requireFlow(AuthFlows.USER_AUTH, USER_AUTH_NOT_ENABLED);
                yield userAuth.begin(target, parameters, r.session(), caller.sourceAddress(), metadata(r.clientMetadata()));
            }
            case "CUSTOM_AUTH" -> {
                target.requireFlow(AuthFlows.CUSTOM, "CUSTOM_AUTH flow not enabled for this client");
                yield custom.begin(target, parameters, metadata(r.clientMetadata()));
            }
            case "ADMIN_NO_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH" -> throw methodNotSupported();
            default -> throw notSupportedYet(flow);
        });
    }

    /**
     * The admin flow is called by the app's server for its users, so failures are throttled
     * by the user's address from ContextData when the server sends it, never by the server's own.
     */
    private Object adminInitiateAuth(AdminInitiateAuthRequest r, Caller caller) {
        onBehalfOf(r.contextData());
        String flow = authFlow(r.authFlow(), r.session());
        SignInClient target = clients.adminClient(r.userPoolId(), r.clientId());
        AuthParameters parameters = AuthParameters.of(r.authParameters());
        if (flow.startsWith("REFRESH_TOKEN")) {
            return refreshes.refresh(target, parameters);
        }
        return events.step(target, parameters.optional("USERNAME"), beginProof(flow, parameters, r.session()),
                userOrigin(r.contextData()), () -> switch (flow) {
            case "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH" -> {
                target.requireFlow(AuthFlows.ADMIN_USER_PASSWORD, "Auth flow not enabled for this client");
                yield passwords.signIn(target, parameters, userAddress(r.contextData()), metadata(r.clientMetadata()));
            }
            case "USER_SRP_AUTH" -> {
                target.requireFlow(AuthFlows.USER_SRP, "USER_SRP_AUTH flow not enabled for this client");
                yield srp.begin(target, parameters, metadata(r.clientMetadata()));
            }
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> refreshes.refresh(target, parameters);
            case "USER_AUTH" -> {
                target.requireFlow(AuthFlows.USER_AUTH, USER_AUTH_NOT_ENABLED);
                yield userAuth.begin(target, parameters, r.session(), userAddress(r.contextData()), metadata(r.clientMetadata()));
            }
            case "CUSTOM_AUTH" -> {
                target.requireFlow(AuthFlows.CUSTOM, "CUSTOM_AUTH flow not enabled for this client");
                yield custom.begin(target, parameters, metadata(r.clientMetadata()));
            }
            case "USER_PASSWORD_AUTH" -> throw methodNotSupported();
            default -> throw notSupportedYet(flow);
        });
    }

    private Object respondToAuthChallenge(RespondToAuthChallengeRequest r, Caller caller) {
        String challenge = challengeName(r.challengeName(), r.session());
        SignInClient target = clients.publicClient(r.clientId());
        return answer(target, challenge, r.session(), r.challengeResponses(),
                new Origin(caller.sourceAddress(), caller.userAgent()), metadata(r.clientMetadata()));
    }

    private Object adminRespondToAuthChallenge(AdminRespondToAuthChallengeRequest r, Caller caller) {
        onBehalfOf(r.contextData());
        String challenge = challengeName(r.challengeName(), r.session());
        SignInClient target = clients.adminClient(r.userPoolId(), r.clientId());
        return answer(target, challenge, r.session(), r.challengeResponses(), userOrigin(r.contextData()),
                metadata(r.clientMetadata()));
    }

    private AuthResponse answer(SignInClient target, String challenge, String session, Map<String, String> responses,
                                Origin origin, Map<String, String> clientMetadata) {
        AuthParameters answered = AuthParameters.of(responses);
        SignInEvents.Proof proof = challenge.equals(UserAuthFlow.WEB_AUTHN)
                ? userAuth.passkeyProof(target, answered.optional("USERNAME")) : answerProof(challenge, answered);
        return events.step(target, answered.optional("USERNAME"), proof, origin,
                () -> answer(target, challenge, session, responses, origin.address(), clientMetadata));
    }

    private AuthResponse answer(SignInClient target, String challenge, String session, Map<String, String> responses,
                                String source, Map<String, String> clientMetadata) {
        return switch (challenge) {
            case PasswordFlow.NEW_PASSWORD_REQUIRED -> newPasswords.answer(target, session, AuthParameters.of(responses),
                    clientMetadata);
            case SrpFlow.PASSWORD_VERIFIER -> custom.owns(session)
                    ? custom.answerPasswordVerifier(target, session, AuthParameters.of(responses), source, clientMetadata)
                    : srp.answer(target, AuthParameters.of(responses), source);
            case CustomAuthFlow.CUSTOM_CHALLENGE -> custom.answer(target, session, AuthParameters.of(responses), clientMetadata);
            case MfaFlow.SOFTWARE_TOKEN_MFA -> mfa.answerSoftwareToken(target, session, AuthParameters.of(responses), source,
                    clientMetadata);
            case MfaFlow.MFA_SETUP -> mfa.answerMfaSetup(target, session, AuthParameters.of(responses), clientMetadata);
            case MfaFlow.EMAIL_OTP -> mfa.answerEmailOtp(target, session, AuthParameters.of(responses), clientMetadata);
            case MfaFlow.SMS_MFA -> mfa.answerSmsMfa(target, session, AuthParameters.of(responses), source,
                    clientMetadata);
            case MfaFlow.SELECT_MFA_TYPE -> mfa.answerSelectMfaType(target, session, AuthParameters.of(responses));
            case MfaFlow.DEVICE_SRP_AUTH -> mfa.answerDeviceSrpAuth(target, session, AuthParameters.of(responses));
            case MfaFlow.DEVICE_PASSWORD_VERIFIER -> mfa.answerDevicePasswordVerifier(target, session,
                    AuthParameters.of(responses), clientMetadata);
            case UserAuthFlow.SELECT_CHALLENGE -> {
                target.requireFlow(AuthFlows.USER_AUTH, USER_AUTH_NOT_ENABLED);
                yield userAuth.answer(target, session, AuthParameters.of(responses), source, clientMetadata);
            }
            case MfaFlow.SMS_OTP -> {
                target.requireFlow(AuthFlows.USER_AUTH, USER_AUTH_NOT_ENABLED);
                yield mfa.answerSmsOtp(target, session, AuthParameters.of(responses), clientMetadata);
            }
            case UserAuthFlow.WEB_AUTHN -> {
                target.requireFlow(AuthFlows.USER_AUTH, USER_AUTH_NOT_ENABLED);
                yield userAuth.answerWebAuthn(target, session, AuthParameters.of(responses), clientMetadata);
            }
            default -> throw AwsException.invalidParameter("The " + challenge + " challenge is not supported yet: "
                    + "Cognate answers NEW_PASSWORD_REQUIRED, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SMS_MFA, "
                    + "SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_OTP, SELECT_MFA_TYPE, SELECT_CHALLENGE, MFA_SETUP, WEB_AUTHN, DEVICE_SRP_AUTH and "
                    + "DEVICE_PASSWORD_VERIFIER.");
        };
    }

    /** What a flow's first call proves when it succeeds (SignInEvents). */
    /** @param session a sign-up's Session (USER_AUTH): no password is checked then, whatever is sent */
    private static SignInEvents.Proof beginProof(String flow, AuthParameters parameters, String session) {
        return switch (flow) {
            case "USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH" -> SignInEvents.Proof.PASSWORD;
            case "USER_AUTH" -> parameters.optional("PASSWORD") != null && session == null ? SignInEvents.Proof.PASSWORD
                    : SignInEvents.Proof.NOTHING_YET;
            default -> SignInEvents.Proof.NOTHING_YET;
        };
    }

    /** What answering {@code challenge} proves when it succeeds (SignInEvents). */
    private static SignInEvents.Proof answerProof(String challenge, AuthParameters responses) {
        return switch (challenge) {
            case SrpFlow.PASSWORD_VERIFIER, PasswordFlow.NEW_PASSWORD_REQUIRED -> SignInEvents.Proof.PASSWORD;
            case MfaFlow.SMS_MFA, MfaFlow.SOFTWARE_TOKEN_MFA, MfaFlow.EMAIL_OTP, MfaFlow.MFA_SETUP,
                 MfaFlow.DEVICE_PASSWORD_VERIFIER ->
                    SignInEvents.Proof.SECOND_FACTOR;
            case UserAuthFlow.SELECT_CHALLENGE -> responses.optional("PASSWORD") != null ? SignInEvents.Proof.PASSWORD
                    : SignInEvents.Proof.NOTHING_YET;
            default -> SignInEvents.Proof.NOTHING_YET;
        };
    }

    /**
     * Where the user is, as the app's server reports it in ContextData (AdminInitiateAuth): the
     * address, and the User-Agent among the headers it passes on.
     */
    private static Origin userOrigin(ContextData contextData) {
        if (contextData == null) {
            return Origin.UNKNOWN;
        }
        String userAgent = null;
        if (contextData.httpHeaders() != null && contextData.httpHeaders().isArray()) {
            for (JsonNode header : contextData.httpHeaders()) {
                if (header.path("headerName").asText("").equalsIgnoreCase("User-Agent") && header.path("headerValue").isTextual()) {
                    userAgent = header.path("headerValue").asText();
                }
            }
        }
        return new Origin(contextData.ipAddress(), userAgent);
    }

    /**
     * The admin flows run on the app's server for its user: the sessions they open and refresh
     * record the user's device and address (session tracking) when the server reports them.
     */
    private static void onBehalfOf(ContextData contextData) {
        if (contextData != null) {
            CurrentOrigin.set(userOrigin(contextData));
        }
    }

    /** The user's address the app's server reports (AdminInitiateAuth's ContextData), if any. */
    private static String userAddress(ContextData contextData) {
        return contextData == null ? null : contextData.ipAddress();
    }

    /** ClientMetadata goes to the pool's triggers as it came (a null value dropped). */
    private static Map<String, String> metadata(Map<String, String> clientMetadata) {
        if (clientMetadata == null) {
            return Map.of();
        }
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        clientMetadata.forEach((k, v) -> {
            if (k != null && v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    private static String authFlow(String flow, String session) {
        Validate.required(flow, "authFlow");
        Validate.oneOf(flow, "authFlow", AUTH_FLOWS);
        Validate.length(session, "session", 20, 2048);
        return flow;
    }

    private static String challengeName(String challenge, String session) {
        Validate.required(challenge, "challengeName");
        Validate.oneOf(challenge, "challengeName", CHALLENGE_NAMES);
        Validate.length(session, "session", 20, 2048);
        return challenge;
    }

    /** An ADMIN_ flow on InitiateAuth, or USER_PASSWORD_AUTH on AdminInitiateAuth (Cognito's words). */
    private static AwsException methodNotSupported() {
        return AwsException.invalidParameter("Initiate Auth method not supported.");
    }

    private static AwsException notSupportedYet(String flow) {
        return AwsException.invalidParameter("The " + flow + " flow is not supported yet: Cognate signs in with "
                + "USER_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH, CUSTOM_AUTH and REFRESH_TOKEN_AUTH.");
    }
}
