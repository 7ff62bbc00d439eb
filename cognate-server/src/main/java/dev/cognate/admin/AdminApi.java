package dev.cognate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cognito admin API on the wire: {@code POST /} with
 * {@code X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>} and a JSON 1.1 body.
 * Every failure is answered in AWS's error shape; nothing a client sends produces a 500.
 */
public final class AdminApi {
    public static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** The wire type of every answer; the charset is said because error messages quote what the client sent. */
    static final String CONTENT_TYPE = "application/x-amz-json-1.1; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private final OperationRegistry registry;
    private final SigV4Verifier verifier;

    public AdminApi(OperationRegistry registry, SigV4Verifier verifier) {
        this.registry = registry;
        this.verifier = verifier;
    }

    public void handle(Context ctx) {
        String operation = null;
        try {
            String target = ctx.header("X-Amz-Target");
            if (target == null || !target.startsWith(TARGET_PREFIX)) {
                throw new AwsException("UnknownOperationException",
                        target == null ? "Missing X-Amz-Target header: POST / is the Cognito admin API, send X-Amz-Target: "
                                + TARGET_PREFIX + "<Operation>." : "Unknown target: " + target);
            }
            operation = target.substring(TARGET_PREFIX.length());
            byte[] body = readBody(ctx);
            OperationRegistry.Registered<?> op = registry.find(operation).orElseThrow(
                    () -> new AwsException("UnknownOperationException", "Unknown operation: " + target));
            Caller caller = authenticate(ctx, op, body);
            JsonNode request = parse(body);
            requireSameRegion(request, caller);
            Object result = invoke(op, request, caller);
            ctx.status(200)
                    .contentType(CONTENT_TYPE)
                    .header("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
                    .result(AwsJson.MAPPER.writeValueAsBytes(result));
        } catch (AwsException e) {
            answerError(ctx, e);
        } catch (dev.cognate.triggers.LambdaFailure e) {
            answerError(ctx, new AwsException(e.type(), e.getMessage()));
        } catch (dev.cognate.store.ConcurrentChangeException e) {
            answerError(ctx, new AwsException("ConcurrentModificationException",
                    "Another request changed this resource while this one was being made; try again."));
        } catch (Exception e) {
            dev.cognate.store.StoreFaults.log(LOG, "admin operation " + operation + " failed", e);
            answerError(ctx, new AwsException("InternalErrorException", "Internal server error.", 500));
        }
    }

    /** Whether an {@code X-Amz-Target} value names a known operation that must be SigV4-signed. */
    public boolean targetsSignedOperation(String target) {
        return target != null && target.startsWith(TARGET_PREFIX)
                && registry.find(target.substring(TARGET_PREFIX.length())).map(OperationRegistry.Registered::signed).orElse(false);
    }

    /** A body the HTTP layer refused (dev.cognate.http.RequestBodies), in AWS's shape. */
    public static void answer(Context ctx, dev.cognate.http.BodyRefused refused) {
        String type = switch (refused.reason()) {
            case TOO_LARGE -> "RequestEntityTooLargeException";
            case TOO_SLOW -> "RequestTimeoutException"; // a code the AWS SDKs retry
            case CLIENT_GONE -> "SerializationException";
        };
        answerError(ctx, new AwsException(type, refused.getMessage(), refused.status()));
    }

    private Caller authenticate(Context ctx, OperationRegistry.Registered<?> op, byte[] body) {
        String source = ctx.ip();
        if (!op.signed()) {
            return new Caller(null, null, source, ctx.userAgent());
        }
        SigV4Verifier.Verified verified = verifier.verify(new SigV4Verifier.ReceivedRequest(
                ctx.method().name(), ctx.path(), ctx.queryString(), headers(ctx), body));
        return new Caller(verified.region(), verified.accessKeyId(), source, ctx.userAgent());
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        return headers;
    }

    /** The body, read within the HTTP layer's limits (dev.cognate.http.RequestBodies) and cached by Javalin. */
    private static byte[] readBody(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge(body.length);
        }
        return body;
    }

    private static AwsException tooLarge(long size) {
        return new AwsException("RequestEntityTooLargeException", "Request body of " + size + " bytes exceeds the limit of "
                + MAX_BODY_BYTES + " bytes.", 413);
    }

    /**
     * A pool id names its region ({@code <region>_<id>}); every AWS region is a separate
     * endpoint, so a request signed for one region sees no pool of another, as in AWS.
     */
    private static void requireSameRegion(JsonNode request, Caller caller) {
        JsonNode poolId = request.get("UserPoolId");
        if (caller.region() == null || poolId == null || !poolId.isTextual()) {
            return;
        }
        String id = poolId.asText();
        int underscore = id.indexOf('_');
        if (underscore > 0 && !id.substring(0, underscore).equals(caller.region())) {
            throw AwsException.poolNotFound(id.length() <= 55 ? id : id.substring(0, 55) + "...");
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return AwsJson.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = AwsJson.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw AwsException.serialization(AwsJson.describeConstraint(e));
        } catch (IOException e) {
            throw AwsException.serialization("The request body is not valid JSON: "
                    + firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            throw AwsException.serialization("The request body must be a JSON object.");
        }
        return node;
    }

    private static <Q> Object invoke(OperationRegistry.Registered<Q> op, JsonNode body, Caller caller) {
        Q request;
        try {
            request = AwsJson.MAPPER.treeToValue(body, op.requestType());
        } catch (MismatchedInputException e) {
            throw AwsException.serialization(describeMismatch(e));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException coercion) {
                throw AwsException.serialization("Value for member '" + memberPath(e) + "' is out of range for a "
                        + expectedName(coercion.getTargetType()) + ".");
            }
            throw AwsException.serialization("Member '" + memberPath(e) + "' does not match " + op.name() + "'s shape.");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw AwsException.serialization("The request body does not match " + op.name() + "'s shape.");
        }
        if (request == null) {
            request = AwsJson.MAPPER.convertValue((ObjectNode) AwsJson.MAPPER.createObjectNode(), op.requestType());
        }
        return op.handler().handle(request, caller);
    }

    private static String describeMismatch(MismatchedInputException e) {
        String path = memberPath(e);
        String expected = e.getTargetType() == null ? "another type" : expectedName(e.getTargetType());
        if (e instanceof InvalidFormatException ife) {
            return "Value " + abbreviate(String.valueOf(ife.getValue())) + " for member '" + path + "' is not a valid " + expected + ".";
        }
        return "Member '" + path + "' has the wrong type: expected " + expected + ".";
    }

    /** The member being read when mapping failed, as a dotted path (e.g. Policies.PasswordPolicy). */
    private static String memberPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expectedName(Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        if (type == String.class || type.isEnum()) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (java.time.Instant.class == type) {
            return "timestamp";
        }
        return "structure";
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public static void answerError(Context ctx, AwsException e) {
        ObjectNode error = AwsJson.MAPPER.createObjectNode();
        error.put("__type", e.type());
        error.put("message", e.getMessage());
        ctx.status(e.status())
                .contentType(CONTENT_TYPE)
                .header("x-amzn-ErrorType", e.type())
                .header("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
                .result(error.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
