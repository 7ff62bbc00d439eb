package dev.cognate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A platform authenticator in the test: one ES256 passkey made as an authenticator makes it
 * (attested credential data, "none" attestation, CBOR through webauthn4j's converters) and
 * assertions signed over authenticatorData | SHA-256(clientDataJSON), as a browser would hand
 * them to an app: Level 3's RegistrationResponseJSON and AuthenticationResponseJSON.
 */
public final class PasskeyAuthenticator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectConverter CBOR = new ObjectConverter();
    private static final byte UP = 0x01;
    private static final byte UV = 0x04;
    private static final byte AT = 0x40;

    private final KeyPair keys;
    private final byte[] credentialId = new byte[32];
    private byte[] userHandle = new byte[0];
    private long counter;
    private boolean verifiesUser = true;
    private boolean countsUses = true;

    public PasskeyAuthenticator() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(credentialId);
    }

    public String credentialId() {
        return b64url(credentialId);
    }

    /** Keeps no signature counter (it stays at zero), as synced passkeys do: a replay shows no going back. */
    public PasskeyAuthenticator withoutCounter() {
        countsUses = false;
        counter = 0;
        return this;
    }

    /**
     * From now on, assertions test the user's presence only (a touch), not who they are (no PIN,
     * no biometric): the UV flag is off, as on a security key without a PIN, or a stolen one.
     */
    public PasskeyAuthenticator presenceOnly() {
        verifiesUser = false;
        return this;
    }

    /** navigator.credentials.create for CredentialCreationOptions, at {@code origin}. */
    public ObjectNode register(JsonNode options, String origin) {
        String rpId = options.path("rp").path("id").asText();
        userHandle = Base64.getUrlDecoder().decode(options.path("user").path("id").asText());
        byte[] clientData = clientData("webauthn.create", options.path("challenge").asText(), origin);
        AttestedCredentialData attested = new AttestedCredentialData(new AAGUID(new byte[16]), credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data =
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (UP | UV | AT), counter,
                        attested);
        byte[] attestationObject = new AttestationObjectConverter(CBOR)
                .convertToBytes(new AttestationObject(data, new NoneAttestationStatement()));
        ObjectNode credential = JSON.createObjectNode();
        credential.put("id", credentialId()).put("rawId", credentialId()).put("type", "public-key");
        ObjectNode response = credential.putObject("response");
        response.put("clientDataJSON", b64url(clientData)).put("attestationObject", b64url(attestationObject));
        response.putArray("transports").add("internal");
        credential.put("authenticatorAttachment", "platform");
        credential.putObject("clientExtensionResults");
        return credential;
    }

    /** navigator.credentials.get for CREDENTIAL_REQUEST_OPTIONS, at {@code origin}: the CREDENTIAL answer. */
    public String assertion(String requestOptions, String origin) {
        try {
            JsonNode options = JSON.readTree(requestOptions);
            return assertion(options.path("rpId").asText(), options.path("challenge").asText(), origin);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An assertion over any relying party id and challenge (what a phishing or replaying client would try). */
    public String assertion(String rpId, String challenge, String origin) {
        if (countsUses) {
            counter++;
        }
        byte[] authenticatorData = new AuthenticatorDataConverter(CBOR).convert(
                new AuthenticatorData<>(sha256(rpId.getBytes(StandardCharsets.UTF_8)), (byte) (verifiesUser ? UP | UV : UP), counter));
        byte[] clientData = clientData("webauthn.get", challenge, origin);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authenticatorData);
            signer.update(sha256(clientData));
            ObjectNode credential = JSON.createObjectNode();
            credential.put("id", credentialId()).put("rawId", credentialId()).put("type", "public-key");
            credential.putObject("response").put("clientDataJSON", b64url(clientData))
                    .put("authenticatorData", b64url(authenticatorData)).put("signature", b64url(signer.sign()))
                    .put("userHandle", b64url(userHandle));
            credential.put("authenticatorAttachment", "platform");
            credential.putObject("clientExtensionResults");
            return credential.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The passkey as Chromium's virtual authenticator takes it (DevTools WebAuthn.addCredential:
     * binary members in standard base64), after {@link #register}: so a browser holds the same key.
     */
    public com.google.gson.JsonObject forBrowser(String rpId) {
        com.google.gson.JsonObject credential = new com.google.gson.JsonObject();
        credential.addProperty("credentialId", Base64.getEncoder().encodeToString(credentialId));
        credential.addProperty("isResidentCredential", true);
        credential.addProperty("rpId", rpId);
        credential.addProperty("privateKey", Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        credential.addProperty("userHandle", Base64.getEncoder().encodeToString(userHandle));
        credential.addProperty("signCount", counter);
        return credential;
    }

    /** The SDK's Document (CredentialCreationOptions) as Jackson's tree. */
    public static JsonNode json(software.amazon.awssdk.core.document.Document document) {
        return JSON.valueToTree(plain(document));
    }

    private static Object plain(software.amazon.awssdk.core.document.Document d) {
        if (d.isMap()) {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            d.asMap().forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (d.isList()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            d.asList().forEach(v -> list.add(plain(v)));
            return list;
        }
        if (d.isNumber()) {
            return d.asNumber().bigDecimalValue();
        }
        if (d.isBoolean()) {
            return d.asBoolean();
        }
        return d.isNull() ? null : d.asString();
    }

    /** Jackson's tree (a RegistrationResponseJSON) as the SDK's Document. */
    public static software.amazon.awssdk.core.document.Document document(JsonNode node) {
        if (node.isObject()) {
            java.util.Map<String, software.amazon.awssdk.core.document.Document> map = new java.util.LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), document(e.getValue())));
            return software.amazon.awssdk.core.document.Document.fromMap(map);
        }
        if (node.isArray()) {
            java.util.List<software.amazon.awssdk.core.document.Document> list = new java.util.ArrayList<>();
            node.forEach(v -> list.add(document(v)));
            return software.amazon.awssdk.core.document.Document.fromList(list);
        }
        if (node.isNumber()) {
            return software.amazon.awssdk.core.document.Document.fromNumber(node.decimalValue());
        }
        if (node.isBoolean()) {
            return software.amazon.awssdk.core.document.Document.fromBoolean(node.asBoolean());
        }
        return node.isNull() ? software.amazon.awssdk.core.document.Document.fromNull()
                : software.amazon.awssdk.core.document.Document.fromString(node.asText());
    }

    /** The authenticator's counter set back, as a clone of it would have it. */
    public void rewindCounter(long to) {
        counter = to;
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        ObjectNode data = JSON.createObjectNode();
        data.put("type", type).put("challenge", challenge).put("origin", origin).put("crossOrigin", false);
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
