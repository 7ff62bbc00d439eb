package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SrpChallenge;
import dev.cognate.authn.SrpChallenge.Challenge;
import dev.cognate.authn.SrpChallenge.Claim;
import dev.cognate.authn.UserDirectory;
import dev.cognate.clients.AppClient;
import dev.cognate.users.User;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * USER_SRP_AUTH (InitiateAuth and AdminInitiateAuth): USERNAME and SRP_A (and SECRET_HASH)
 * answered with the PASSWORD_VERIFIER challenge; its answer USERNAME,
 * PASSWORD_CLAIM_SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE and TIMESTAMP (and SECRET_HASH) ends
 * like a password sign-in: tokens, NEW_PASSWORD_REQUIRED, or the same refusals. A DEVICE_KEY in the
 * answer names the user's device (device tracking: DEVICE_SRP_AUTH may follow).
 */
final class SrpFlow {
    static final String PASSWORD_VERIFIER = "PASSWORD_VERIFIER";

    private final SrpChallenge srp;
    private final PasswordFlow passwords;
    private final UserDirectory directory;
    private final PasswordSignIn signIns;

    SrpFlow(SrpChallenge srp, PasswordFlow passwords, UserDirectory directory, PasswordSignIn signIns) {
        this.srp = srp;
        this.passwords = passwords;
        this.directory = directory;
        this.signIns = signIns;
    }

    /**
     * SRP_A, the sign-in's first step: the pre authentication hook hears of it here, as in
     * Cognito, before any password is proven (the PASSWORD_VERIFIER answer does not ask it again).
     */
    AuthResponse begin(SignInClient target, AuthParameters parameters, Map<String, String> clientMetadata) {
        String username = parameters.required("USERNAME");
        String srpA = parameters.required("SRP_A");
        SecretHash.check(target.client(), parameters.optional("SECRET_HASH"), List.of(username));
        Optional<User> user = directory.find(target.pool(), username);
        if (!target.existenceHidden() && user.isEmpty()) {
            throw AwsException.userNotFound();
        }
        signIns.attempting(target.pool(), username, user, target.app(clientMetadata));
        return verifier(target, username, srpA);
    }

    /** The PASSWORD_VERIFIER challenge for SRP_A, without the pre authentication hook (CUSTOM_AUTH asked it already). */
    AuthResponse challenge(SignInClient target, AuthParameters parameters) {
        String username = parameters.required("USERNAME");
        String srpA = parameters.required("SRP_A");
        SecretHash.check(target.client(), parameters.optional("SECRET_HASH"), List.of(username));
        if (!target.existenceHidden() && directory.find(target.pool(), username).isEmpty()) {
            throw AwsException.userNotFound();
        }
        return verifier(target, username, srpA);
    }

    private AuthResponse verifier(SignInClient target, String username, String srpA) {
        AppClient client = target.client();
        int minutes = client.authSessionValidity() == null ? PasswordFlow.DEFAULT_SESSION_MINUTES
                : client.authSessionValidity();
        Challenge challenge = srp.begin(target.pool(), client.clientId(), username, srpA, Duration.ofMinutes(minutes))
                .orElseThrow(() -> AwsException.invalidParameter("Invalid SRP_A value."));
        Map<String, String> challengeParameters = new LinkedHashMap<>();
        challengeParameters.put("SALT", challenge.salt());
        challengeParameters.put("SECRET_BLOCK", challenge.secretBlock());
        challengeParameters.put("SRP_B", challenge.srpB());
        challengeParameters.put("USERNAME", challenge.userIdForSrp());
        challengeParameters.put("USER_ID_FOR_SRP", challenge.userIdForSrp());
        return AuthResponse.challenge(PASSWORD_VERIFIER, null, challengeParameters);
    }

    /** @param source the address failures are throttled by (null: throttle by user only) */
    AuthResponse answer(SignInClient target, AuthParameters responses, String source) {
        String username = responses.required("USERNAME");
        String secretBlock = responses.required("PASSWORD_CLAIM_SECRET_BLOCK");
        String signature = responses.required("PASSWORD_CLAIM_SIGNATURE");
        String timestamp = responses.required("TIMESTAMP");
        SecretHash.check(target.client(), responses.optional("SECRET_HASH"), List.of(username));
        Claim claim = new Claim(username, secretBlock, timestamp, signature);
        return passwords.respond(target, username, srp.answer(target.pool(), target.clientId(), claim, source), Map.of(),
                responses.optional("DEVICE_KEY"));
    }
}
