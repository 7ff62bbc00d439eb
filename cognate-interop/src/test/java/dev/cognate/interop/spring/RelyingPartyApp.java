package dev.cognate.interop.spring;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring Boot 3 application: its browser side signs users in with
 * {@code spring-boot-starter-oauth2-client} (oauth2Login), its {@code /api/**} is a
 * {@code spring-boot-starter-oauth2-resource-server} demanding one custom scope. Everything
 * about the identity provider comes from the {@code issuer-uri} properties the test passes
 * (discovery, JWKS, token and userInfo endpoints); nothing Cognate-specific is written here.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RelyingPartyApp.Pages.class)
public class RelyingPartyApp {
    public static final String REGISTRATION = "cognate";

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, @Value("${interop.api-scope}") String apiScope) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority("SCOPE_" + apiScope))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .build();
    }

    @RestController
    static class Pages {
        /** Who signed in, and the access token the app got for them (the test presents it to /api). */
        @GetMapping("/me")
        Map<String, Object> me(@AuthenticationPrincipal OidcUser user,
                               @RegisteredOAuth2AuthorizedClient(REGISTRATION) OAuth2AuthorizedClient client) {
            return Map.of("subject", user.getSubject(),
                    "username", user.getClaimAsString("cognito:username"),
                    "email", user.getEmail(),
                    "issuer", user.getIssuer().toString(),
                    "accessToken", client.getAccessToken().getTokenValue());
        }

        @GetMapping("/api/read")
        Map<String, Object> read(@AuthenticationPrincipal Jwt token) {
            return Map.of("subject", token.getSubject(), "scope", token.getClaimAsString("scope"));
        }
    }
}
