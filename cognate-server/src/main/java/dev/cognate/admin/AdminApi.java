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
import java.io.InputStream;
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
            Object result = invoke(op, parse(body), caller);
            ctx.status(200)
                    .contentType("application/x-amz-json-1.1")
                    .header("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
                    .result(AwsJson.MAPPER.writeValueAsBytes(result));
        } catch (AwsException e) {
            answerError(ctx, e);
        } catch (dev.cognate.triggers.LambdaFailure e) {
            answerError(ctx, new AwsException(e.type(), e.getMessage()));
        } catch (Exception e) {
            LOG.error("admin operation {} failed", operation, e);
            answerError(ctx, new AwsException("InternalErrorException", "Internal server error.", 500));
        }
    }

    /** Whether an {@code X-Amz-Target} value names a known operation that must be SigV4-signed. */
    public boolean targetsSignedOperation(String target) {
        return target != null && target.startsWith(TARGET_PREFIX)
                && registry.find(target.substring(TARGET_PREFIX.length())).map(OperationRegistry.Registered::signed).orElse(false);
    }

    private Caller authenticate(Context ctx, OperationRegistry.Registered<?> op, byte[] body) {
        String source = ctx.ip();
        if (!op.signed()) {
            return new Caller(null, null, source);
        }
        SigV4Verifier.Verified verified = verifier.verify(new SigV4Verifier.ReceivedRequest(
                ctx.method().name(), ctx.path(), ctx.queryString(), headers(ctx), body));
        return new Caller(verified.region(), verified.accessKeyId(), source);
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(ctx.req().getHeaders(name)));
        }
        return headers;
    }

    private static byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            // the client broke off or sent a broken chunked encoding: its mistake, not a 500
            throw AwsException.serialization("The request body could not be read: " + firstLine(e.getMessage()));
        }
    }

    private static AwsException tooLarge(long declared) {
        return AwsException.invalidParameter("Request body " + (declared > 0 ? "of " + declared + " bytes " : "")
                + "exceeds the limit of " + MAX_BODY_BYTES + " bytes.");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return AwsJson.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = AwsJson.MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw AwsException.serialization("The request body is nested deeper than "
                    + AwsJson.MAX_NESTING_DEPTH + " levels.");
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
            return "Value " + ife.getValue() + " for member '" + path + "' is not a valid " + expected + ".";
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static void answerError(Context ctx, AwsException e) {
        ObjectNode error = AwsJson.MAPPER.createObjectNode();
        error.put("__type", e.type());
        error.put("message", e.getMessage());
        ctx.status(e.status())
                .contentType("application/x-amz-json-1.1")
                .header("x-amzn-ErrorType", e.type())
                .header("x-amzn-RequestId", java.util.UUID.randomUUID().toString())
                .result(error.toString());
    }
}
