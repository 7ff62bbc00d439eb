package dev.cognate.oauth.token;

import io.javalin.http.Context;

/** A token-endpoint request as read off the wire: the grant type, the client's credentials, the form. */
record TokenRequest(String grantType, ClientCredentials credentials, FormParameters form) {

    static TokenRequest read(Context ctx) {
        FormParameters form = FormParameters.read(ctx);
        ClientCredentials credentials = ClientCredentials.from(ctx.header("Authorization"), form);
        return new TokenRequest(form.required("grant_type"), credentials, form);
    }
}
