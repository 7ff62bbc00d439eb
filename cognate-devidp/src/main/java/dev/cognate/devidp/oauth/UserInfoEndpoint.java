package dev.cognate.devidp.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cognate.devidp.crypto.SigningKeys;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.ResourceAccess;
import dev.cognate.devidp.directory.User;
import io.javalin.http.Context;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** {@code GET|POST /oidc/userinfo}: Microsoft Graph's claim set (sub, name, family_name, given_name, picture, email) for a Graph access token. */
final class UserInfoEndpoint {
    private final Directory directory;
    private final SigningKeys keys;
    private final Endpoints endpoints;
    private final Clock clock;

    UserInfoEndpoint(Directory directory, SigningKeys keys, Endpoints endpoints, Clock clock) {
        this.directory = directory;
        this.keys = keys;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserInfo(String sub, String name, String familyName, String givenName, String picture, String email) {}

    record GraphError(Error error) {
        record Error(String code, String message) {}
    }

    void userinfo(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(ctx, "Access token is empty.");
            return;
        }
        Optional<JWTClaimsSet> claims = keys.verify(authorization.substring(7).trim());
        if (claims.isEmpty()) {
            refuse(ctx, "Access token validation failure. Invalid signature or malformed token.");
            return;
        }
        JWTClaimsSet c = claims.get();
        try {
            boolean forGraph = c.getAudience().contains(ResourceAccess.MICROSOFT_GRAPH);
            boolean live = c.getExpirationTime() != null && clock.instant().isBefore(c.getExpirationTime().toInstant());
            String scp = c.getStringClaim("scp");
            List<String> scopes = scp == null ? List.of() : List.of(scp.split(" "));
            Optional<User> user = Optional.ofNullable(c.getStringClaim("oid")).flatMap(directory::user);
            Optional<Application> app = Optional.ofNullable(c.getStringClaim("appid")).flatMap(directory::applicationByAppId);
            if (!forGraph || !live || user.isEmpty() || app.isEmpty() || !"user".equals(c.getStringClaim("idtyp"))) {
                refuse(ctx, "Access token has expired or is not valid for this resource.");
                return;
            }
            if (!scopes.contains("openid")) {
                ctx.status(403).json(new GraphError(new GraphError.Error("Authorization_RequestDenied",
                        "Insufficient privileges to complete the operation: the token lacks the openid scope.")));
                return;
            }
            User u = user.get();
            boolean email = scopes.contains("email") && u.mail() != null && (u.mailVerified() || !app.get().dropsUnverifiedEmail());
            ctx.json(new UserInfo(TokenMinter.pairwiseSubject(app.get().appId(), u.id()), u.displayName(), u.surname(),
                    u.givenName(), endpoints.base() + "/v1.0/me/photo/$value", email ? u.mail() : null));
        } catch (ParseException e) {
            refuse(ctx, "Access token validation failure.");
        }
    }

    private static void refuse(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"" + message + "\"");
        ctx.status(401).json(new GraphError(new GraphError.Error("InvalidAuthenticationToken", message)));
    }
}
