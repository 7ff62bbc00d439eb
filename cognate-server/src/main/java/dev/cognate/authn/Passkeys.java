package dev.cognate.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.cognate.crypto.SecretBox;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.Policies;
import dev.cognate.pools.UserPool;
import dev.cognate.store.MfaFactorStore;
import dev.cognate.store.Passkey;
import dev.cognate.store.PasskeyStore;
import dev.cognate.store.jdbc.Docs;
import dev.cognate.users.User;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Passkeys (WebAuthn, Level 3's JSON forms): registration by a signed-in user
 * (StartWebAuthnRegistration, CompleteWebAuthnRegistration) and the WEB_AUTHN first factor of
 * USER_AUTH. The relying party is the pool's WebAuthnConfiguration.RelyingPartyId, or the host
 * of this node's public URL; a response is accepted only from an origin on that host or under it
 * (https; http only for localhost), so a look-alike site cannot relay one. Registration
 * challenges are sealed (pool, user, deadline), so any node can finish what another began;
 * sign-in challenges come from the sign-in's single-use session. webauthn4j checks the
 * signatures, flags and client data; the signature counter is moved on atomically here, so a
 * cloned authenticator's second use is refused.
 */
public final class Passkeys {
    public static final String WEB_AUTHN = "WEB_AUTHN";
    /** How long a sign-in's assertion may take (the options' timeout, as Cognito's). */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The registration options' timeout, as Cognito's; the challenge itself is good for {@link #TIMEOUT}. */
    static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(1);
    public static final int MAX_PER_USER = 20;
    static final String CHALLENGE_CONTEXT = "webauthn-registration";
    static final String SIGN_IN_CONTEXT = "webauthn-hosted-sign-in";
    private static final java.util.regex.Pattern CREDENTIAL_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,1400}");
    private static final ObjectMapper JSON = Docs.MAPPER;

    /**
     * webauthn4j and its Jackson 3, made at the first passkey operation rather than at start-up
     * (a node whose pools use no passkeys never loads them).
     */
    private static final class WebAuthn {
        static final WebAuthnManager MANAGER = WebAuthnManager.createNonStrictWebAuthnManager();
        static final AttestedCredentialDataConverter ATTESTED = new AttestedCredentialDataConverter(new ObjectConverter());
        static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
                new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
    }

    /** A refusal in Cognito's words: the AWS error type and message. */
    public static final class Refused extends RuntimeException {
        private final String type;

        Refused(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }

        public String type() {
            return type;
        }
    }

    record RegistrationChallenge(String poolId, String sub, long expiresAt, String nonce) {}

    /** A hosted sign-in page's challenge: its transaction (id hash, version), a deadline, and randomness. */
    record SignInChallenge(String transaction, int version, long expiresAt, String nonce) {}

    private final PasskeyStore store;
    private final MfaFactorStore factors;
    private final SecretBox box;
    private final Supplier<URI> publicUrl;
    private final Clock clock;

    public Passkeys(PasskeyStore store, MfaFactorStore factors, SecretBox box, Supplier<URI> publicUrl, Clock clock) {
        this.store = store;
        this.factors = factors;
        this.box = box;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Whether the pool lets users sign in with a passkey (WEB_AUTHN among SignInPolicy.AllowedFirstAuthFactors). */
    public static boolean enabled(List<String> allowedFirstFactors) {
        return allowedFirstFactors.contains(WEB_AUTHN);
    }

    /** As above, for the pool. */
    public static boolean enabledIn(UserPool pool) {
        return enabled(Policies.allowedFirstAuthFactors(pool.policies()));
    }

    /**
     * Whether a passkey may be the user's whole sign-in: a CONFIRMED, enabled user, as for a
     * mailed code ({@link EmailOtp#mayBeFirstFactor}): a passkey must not skip what a password
     * sign-in would demand (a new password, a reset, a confirmation), nor sign in a user of an
     * external IdP, whose IdP does.
     */
    public static boolean maySignIn(User user) {
        return EmailOtp.mayBeFirstFactor(user);
    }

    /**
     * The passkey an assertion (AuthenticationResponseJSON) names by its credential id, for a
     * sign-in that begins without a username (a discoverable credential, as the hosted page asks
     * for). Only a lookup: {@link #proves} decides whether the assertion is its holder's.
     */
    public Optional<Passkey> named(UserPool pool, String credential) {
        try {
            JsonNode id = JSON.readTree(credential).path("id");
            return id.isTextual() && CREDENTIAL_ID.matcher(id.asText()).matches()
                    ? store.find(pool.id(), id.asText()) : Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * A challenge for a hosted sign-in page: sealed with the sign-in transaction's id hash and
     * version and a deadline ({@link #TIMEOUT}), random within. Every post of the page's passkey
     * form moves the transaction to its next version, which uses up every challenge handed out
     * before, whatever the post's outcome: an assertion proves once at most, even from a passkey
     * whose signature counter stays at zero (synced passkeys).
     */
    public byte[] signInChallenge(String transactionIdHash, int version) {
        SignInChallenge state = new SignInChallenge(transactionIdHash, version,
                clock.instant().plus(TIMEOUT).toEpochMilli(), base64url(Srp.randomBytes(16)));
        return box.sealBytes(Docs.write(state).getBytes(StandardCharsets.UTF_8), SIGN_IN_CONTEXT);
    }

    /**
     * The challenge {@code credential} answers, when it is one of {@link #signInChallenge} for this
     * transaction at this version and before its deadline.
     */
    public Optional<byte[]> signInChallengeIn(String credential, String transactionIdHash, int version) {
        try {
            String clientData = JSON.readTree(credential).path("response").path("clientDataJSON").asText("");
            String challenge = JSON.readTree(Base64.getUrlDecoder().decode(clientData)).path("challenge").asText("");
            byte[] sealed = Base64.getUrlDecoder().decode(challenge);
            SignInChallenge state = Docs.read(new String(box.openBytes(sealed, SIGN_IN_CONTEXT), StandardCharsets.UTF_8),
                    SignInChallenge.class);
            return state.transaction().equals(transactionIdHash) && state.version() == version
                    && clock.instant().isBefore(Instant.ofEpochMilli(state.expiresAt()))
                    ? Optional.of(sealed) : Optional.empty();
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The relying party: the pool's configured id, or this node's public host. */
    public String rpId(UserPool pool) {
        return configuration(pool).map(MfaFactors.WebAuthnConfiguration::relyingPartyId)
                .filter(id -> !id.isBlank()).orElseGet(() -> publicUrl.get().getHost());
    }

    private String userVerification(UserPool pool) {
        return configuration(pool).map(MfaFactors.WebAuthnConfiguration::userVerification).orElse("preferred");
    }

    /** User verification for this user's passkeys: the pool's, or required where their passkey is their MFA. */
    private String userVerification(UserPool pool, User user) {
        return isMfa(pool, user) ? "required" : userVerification(pool);
    }

    /** Whether the pool lets a passkey with user verification satisfy MFA (FactorConfiguration). */
    public boolean mayBeMfa(UserPool pool) {
        return configuration(pool).map(MfaFactors.WebAuthnConfiguration::passkeyMayBeMfa).orElse(false);
    }

    /**
     * Whether the user's passkey satisfies MFA: the pool lets it and the user turned passkey MFA
     * on. Then every passkey sign-in of theirs must verify the user (a PIN, a fingerprint), not
     * only their presence.
     */
    public boolean isMfa(UserPool pool, User user) {
        return mayBeMfa(pool) && store.mfaEnabled(pool.id(), user.username());
    }

    /** SetUserMFAPreference's WebAuthnMfaSettings. */
    public void setMfa(User user, boolean enabled) {
        store.setMfa(user.poolId(), user.username(), enabled);
    }

    private Optional<MfaFactors.WebAuthnConfiguration> configuration(UserPool pool) {
        return factors.find(pool.id()).map(MfaFactors::webAuthnConfiguration);
    }

    /** StartWebAuthnRegistration's CredentialCreationOptions (PublicKeyCredentialCreationOptionsJSON). */
    public ObjectNode startRegistration(UserPool pool, User user) {
        List<Passkey> existing = store.of(pool.id(), user.username(), user.sub());
        if (existing.size() >= MAX_PER_USER) {
            throw new Refused("LimitExceededException", "The user has " + MAX_PER_USER
                    + " passkeys, the most a user can have. Delete one first.");
        }
        RegistrationChallenge state = new RegistrationChallenge(pool.id(), user.sub(),
                clock.instant().plus(TIMEOUT).toEpochMilli(), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Srp.randomBytes(16)));
        String challenge = base64url(box.sealBytes(Docs.write(state).getBytes(StandardCharsets.UTF_8), CHALLENGE_CONTEXT));
        ObjectNode options = JSON.createObjectNode();
        String rpId = rpId(pool);
        options.putObject("rp").put("id", rpId).put("name", rpId);
        options.putObject("user").put("id", userHandle(user)).put("name", user.username())
                .put("displayName", user.username());
        options.put("challenge", challenge);
        ArrayNode algorithms = options.putArray("pubKeyCredParams");
        algorithms.addObject().put("type", "public-key").put("alg", -7);
        algorithms.addObject().put("type", "public-key").put("alg", -257);
        options.put("timeout", REGISTRATION_TIMEOUT.toMillis());
        ArrayNode exclude = options.putArray("excludeCredentials");
        existing.forEach(p -> descriptor(exclude.addObject(), p));
        options.putObject("authenticatorSelection").put("residentKey", "required").put("requireResidentKey", true)
                .put("userVerification", userVerification(pool, user));
        return options;
    }

    /** CompleteWebAuthnRegistration: the authenticator's answer (RegistrationResponseJSON) verified and kept. */
    public Passkey completeRegistration(UserPool pool, User user, JsonNode credential) {
        RegistrationData data;
        try {
            data = WebAuthn.MANAGER.parseRegistrationResponseJSON(known(credential, "attestationObject", "transports").toString());
        } catch (RuntimeException e) {
            throw new Refused("InvalidParameterException", "Credential is not a WebAuthn registration response.");
        }
        if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                || data.getAttestationObject() == null
                || data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
            throw new Refused("InvalidParameterException", "Credential is not a WebAuthn registration response.");
        }
        byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
        if (!registrationChallengeFor(pool, user, challenge)) {
            throw new Refused("WebAuthnChallengeNotFoundException",
                    "The registration's challenge was not issued to this user, or it expired. Start again.");
        }
        String rpId = rpId(pool);
        Origin origin = allowedOrigin(data.getCollectedClientData().getOrigin(), rpId);
        try {
            WebAuthn.MANAGER.verify(data, new RegistrationParameters(new ServerProperty(origin, rpId, new DefaultChallenge(challenge)),
                    WebAuthn.ALGORITHMS, "required".equals(userVerification(pool, user)), true));
        } catch (BadRpIdException e) {
            throw new Refused("WebAuthnRelyingPartyMismatchException", "The passkey was made for another relying party "
                    + "than " + rpId + ".");
        } catch (BadOriginException e) {
            throw new Refused("WebAuthnOriginNotAllowedException", "The passkey's origin is not allowed.");
        } catch (BadChallengeException e) {
            throw new Refused("WebAuthnChallengeNotFoundException", "The registration's challenge does not match.");
        } catch (NotAllowedAlgorithmException e) {
            throw new Refused("WebAuthnCredentialNotSupportedException", "The passkey's algorithm is not supported: "
                    + "ES256 and RS256 are.");
        } catch (VerificationException e) {
            throw new Refused("InvalidParameterException", "The registration response does not verify: "
                    + e.getClass().getSimpleName().replace("Exception", "") + ".");
        } catch (RuntimeException e) {
            // what the library cannot read inside an otherwise well-formed response (a broken COSE key, say)
            throw new Refused("InvalidParameterException", "The registration response cannot be read.");
        }
        AttestedCredentialData attested = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
        Set<String> transports = new LinkedHashSet<>();
        if (data.getTransports() != null) {
            data.getTransports().forEach(t -> transports.add(t.getValue()));
        }
        String attachment = credential.path("authenticatorAttachment").isTextual()
                ? credential.path("authenticatorAttachment").asText() : null;
        if (store.of(pool.id(), user.username(), user.sub()).size() >= MAX_PER_USER) {
            throw new Refused("LimitExceededException", "The user has " + MAX_PER_USER + " passkeys already.");
        }
        Passkey passkey = new Passkey(pool.id(), base64url(attested.getCredentialId()), user.username(), user.sub(), rpId,
                Base64.getEncoder().encodeToString(WebAuthn.ATTESTED.convert(attested)),
                data.getAttestationObject().getAuthenticatorData().getSignCount(), null, attachment, List.copyOf(transports),
                clock.instant());
        if (!store.add(passkey)) {
            throw new Refused("InvalidParameterException", "This passkey is registered already.");
        }
        return passkey;
    }

    /** The user's passkeys, oldest first. */
    public List<Passkey> of(User user) {
        return store.of(user.poolId(), user.username(), user.sub());
    }

    /** @return false when the user has no such passkey */
    public boolean delete(User user, String credentialId) {
        return store.delete(user.poolId(), credentialId, user.sub());
    }

    /** A sign-in challenge tied to a single-use session: derived from the session's secret id. */
    public static byte[] challengeOf(String sessionId) {
        return sha256(("webauthn-assertion:" + sessionId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * WEB_AUTHN's CREDENTIAL_REQUEST_OPTIONS (PublicKeyCredentialRequestOptionsJSON): the user's
     * passkeys as allowCredentials (none for a name without a user, which reads like a user
     * without one).
     */
    public String requestOptions(UserPool pool, Optional<User> user, byte[] challenge) {
        ObjectNode options = JSON.createObjectNode();
        options.put("challenge", base64url(challenge));
        options.put("timeout", TIMEOUT.toMillis());
        options.put("rpId", rpId(pool));
        ArrayNode allow = options.putArray("allowCredentials");
        user.ifPresent(u -> of(u).forEach(p -> descriptor(allow.addObject(), p)));
        // the pool's setting for everyone: a per-user "required" would tell who has passkey MFA
        // (proves() requires the UV flag of those users all the same)
        options.put("userVerification", userVerification(pool));
        return options.toString();
    }

    /**
     * Whether {@code credential} (AuthenticationResponseJSON) is an assertion by one of the user's
     * passkeys for {@code challenge}; with {@code verifiedUser}, one that verified the user (the
     * UV flag), as a passkey standing in for MFA must, whatever the pool's UserVerification.
     */
    public boolean proves(UserPool pool, User user, byte[] challenge, String credential, boolean verifiedUser) {
        AuthenticationData data;
        try {
            data = WebAuthn.MANAGER.parseAuthenticationResponseJSON(known(JSON.readTree(credential), "authenticatorData",
                    "signature", "userHandle").toString());
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
        if (data.getCredentialId() == null || data.getCollectedClientData() == null || data.getAuthenticatorData() == null
                || data.getCollectedClientData().getChallenge() == null) {
            return false;
        }
        Optional<Passkey> passkey = store.find(pool.id(), base64url(data.getCredentialId()))
                .filter(p -> p.sub().equals(user.sub()) && p.username().equals(user.username()));
        if (passkey.isEmpty() || (data.getUserHandle() != null
                && !MessageDigest.isEqual(data.getUserHandle(), userHandle(user).getBytes(StandardCharsets.UTF_8))
                && !MessageDigest.isEqual(data.getUserHandle(), user.sub().getBytes(StandardCharsets.UTF_8)))) {
            return false;
        }
        Passkey p = passkey.get();
        try {
            Origin origin = allowedOrigin(data.getCollectedClientData().getOrigin(), p.rpId());
            AttestedCredentialData attested = WebAuthn.ATTESTED.convert(Base64.getDecoder().decode(p.attested()));
            Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
            p.transports().forEach(t -> transports.add(AuthenticatorTransport.create(t)));
            CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), null, null, null,
                    p.signCount(), attested, null, null, null, transports);
            WebAuthn.MANAGER.verify(data, new AuthenticationParameters(new ServerProperty(origin, p.rpId(),
                    new DefaultChallenge(challenge)), record, List.of(data.getCredentialId()),
                    verifiedUser || "required".equals(userVerification(pool)), true));
        } catch (RuntimeException e) {
            // a refused origin, a failed check, or an assertion the library cannot read: no proof
            return false;
        }
        return store.advance(pool.id(), p.credentialId(), data.getAuthenticatorData().getSignCount());
    }

    /**
     * The members of a PublicKeyCredential's JSON form that are read, and of its response those
     * named: what browsers and SDKs add beside them (Amplify sends the public key and its
     * algorithm again) is left out rather than refused.
     */
    private static ObjectNode known(JsonNode credential, String... responseMembers) {
        ObjectNode kept = JSON.createObjectNode();
        if (credential == null || !credential.isObject()) {
            return kept;
        }
        for (String member : List.of("id", "rawId", "type", "authenticatorAttachment", "clientExtensionResults")) {
            if (credential.has(member)) {
                kept.set(member, credential.get(member));
            }
        }
        JsonNode response = credential.path("response");
        ObjectNode keptResponse = kept.putObject("response");
        List<String> names = new java.util.ArrayList<>(List.of(responseMembers));
        names.add("clientDataJSON");
        for (String member : names) {
            if (response.has(member)) {
                keptResponse.set(member, response.get(member));
            }
        }
        return kept;
    }

    /** The user handle (user.id) of a user's passkeys: the base64url of their sub. */
    static String userHandle(User user) {
        return base64url(user.sub().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The response's origin when it may speak for {@code rpId}: https on that host or a host
     * under it (WebAuthn's RP ID rule), or http on localhost for development.
     */
    static Origin allowedOrigin(Origin origin, String rpId) {
        String host = origin == null || origin.getHost() == null ? "" : origin.getHost().toLowerCase(java.util.Locale.ROOT);
        String rp = rpId.toLowerCase(java.util.Locale.ROOT);
        boolean onHost = host.equals(rp) || host.endsWith("." + rp);
        boolean secure = origin != null && ("https".equals(origin.getScheme())
                || ("http".equals(origin.getScheme()) && "localhost".equals(host)));
        if (!onHost || !secure) {
            throw new Refused("WebAuthnOriginNotAllowedException", "The passkey's origin " + origin
                    + " is not allowed for the relying party " + rpId + ".");
        }
        return origin;
    }

    private boolean registrationChallengeFor(UserPool pool, User user, byte[] challenge) {
        try {
            RegistrationChallenge state = Docs.read(new String(box.openBytes(challenge, CHALLENGE_CONTEXT),
                    StandardCharsets.UTF_8), RegistrationChallenge.class);
            return state.poolId().equals(pool.id()) && state.sub().equals(user.sub())
                    && clock.instant().isBefore(Instant.ofEpochMilli(state.expiresAt()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void descriptor(ObjectNode node, Passkey passkey) {
        node.put("type", "public-key").put("id", passkey.credentialId());
        if (!passkey.transports().isEmpty()) {
            ArrayNode transports = node.putArray("transports");
            passkey.transports().forEach(transports::add);
        }
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
