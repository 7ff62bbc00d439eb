package dev.cognate.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.cognate.http.WireJson;

/** JSON of the OAuth/OIDC endpoints ({@link WireJson}'s configuration): snake_case members, absent members left out. */
public final class OAuthJson {
    public static final ObjectMapper MAPPER = WireJson.bounded(WireJson.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build());

    private OAuthJson() {}
}
