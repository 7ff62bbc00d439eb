package dev.cognate.admin.auth;

import dev.cognate.authn.Devices;
import dev.cognate.tokens.Amr;
import dev.cognate.tokens.TokenIssuer;
import dev.cognate.tokens.TokenOccasion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.cognate.store.Device;
import dev.cognate.users.User;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * The tokens of a sign-in through the API (not the hosted UI): ID, access and refresh token,
 * a new authentication event (origin_jti) each time.
 */
final class ApiTokens {
    /** The scope Cognito puts in the access tokens its API issues; GetUser and GlobalSignOut require it. */
    static final String ADMIN_SCOPE = "aws.cognito.signin.user.admin";
    /**
     * Cognito's API tokens carry only {@link #ADMIN_SCOPE} (so userInfo refuses them, as
     * Cognito's does) and always come with an ID token.
     */
    static final Set<String> SCOPES = Set.of(ADMIN_SCOPE);

    private final TokenIssuer issuer;
    private final Clock clock;
    private final Devices devices;

    ApiTokens(TokenIssuer issuer, Clock clock) {
        this(issuer, clock, null);
    }

    /** @param devices the users' devices, for pools that track them; null: no device tracking */
    ApiTokens(TokenIssuer issuer, Clock clock, Devices devices) {
        this.issuer = issuer;
        this.clock = clock;
        this.devices = devices;
    }

    AuthResponse signIn(SignInClient target, User user) {
        return signIn(target, user, TokenOccasion.AUTHENTICATION, Map.of());
    }

    /** @param occasion what the pool's pre token generation trigger hears as the source */
    AuthResponse signIn(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata) {
        return signIn(target, user, occasion, clientMetadata, Amr.PASSWORD);
    }

    /** @param amr how the user authenticated ({@link Amr}) */
    AuthResponse signIn(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata,
                        List<String> amr) {
        return signIn(target, user, occasion, clientMetadata, amr, null);
    }

    /**
     * @param deviceKey the user's device the sign-in named (DEVICE_KEY); where the pool tracks
     *                  devices, a sign-in that named none hands out a new one (NewDeviceMetadata)
     */
    AuthResponse signIn(SignInClient target, User user, TokenOccasion occasion, Map<String, String> clientMetadata,
                        List<String> amr, String deviceKey) {
        if (devices == null || !Devices.tracked(target.pool())) {
            return AuthResponse.tokens(tokens(target, user, occasion, clientMetadata, amr, null));
        }
        Optional<Device> known = deviceKey == null ? Optional.empty() : devices.of(user, deviceKey);
        if (known.isPresent()) {
            devices.signedIn(known.get(), null);
            return AuthResponse.tokens(tokens(target, user, occasion, clientMetadata, amr, deviceKey));
        }
        Devices.NewDevice device = devices.issue(target.pool(), user, null);
        return AuthResponse.tokens(tokens(target, user, occasion, clientMetadata, amr, device.deviceKey()), device);
    }

    private TokenIssuer.TokenSet tokens(SignInClient target, User user, TokenOccasion occasion,
                                        Map<String, String> clientMetadata, List<String> amr, String deviceKey) {
        return issuer.signIn(target.pool(), target.client(), user, SCOPES, clock.instant(), UUID.randomUUID().toString(),
                null, false, true, occasion, clientMetadata, true, amr, deviceKey);
    }
}
