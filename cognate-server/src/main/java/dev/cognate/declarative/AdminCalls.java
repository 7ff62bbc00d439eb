package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.AwsJson;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.triggers.LambdaFailure;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin API's operations called in this process, as the wire calls them: the request's JSON
 * read into the operation's request type by the API's own mapper, the handler run for a trusted
 * caller (the node's admin key), the answer turned back into JSON. Failures are the API's own
 * {@link AwsException}s.
 */
public final class AdminCalls {
    private final Map<String, OperationRegistry.Registered<?>> operations;
    private final Caller caller;

    public AdminCalls(List<OperationRegistry.Registered<?>> operations, String accessKeyId) {
        this.operations = operations.stream().collect(Collectors.toMap(OperationRegistry.Registered::name, Function.identity()));
        this.caller = new Caller(null, accessKeyId, "cognate-apply");
    }

    public ObjectNode call(String operation, ObjectNode request) {
        return invoke(registered(operation), request);
    }

    /** The members (wire names) of an operation's request, e.g. CreateUserPool's PoolName, Policies, ... */
    public Set<String> members(String operation) {
        JavaType type = AwsJson.MAPPER.constructType(registered(operation).requestType());
        return AwsJson.MAPPER.getDeserializationConfig().introspect(type).findProperties().stream()
                .map(p -> p.getName()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private OperationRegistry.Registered<?> registered(String operation) {
        OperationRegistry.Registered<?> op = operations.get(operation);
        if (op == null) {
            throw new IllegalStateException("no admin operation " + operation);
        }
        return op;
    }

    private <Q> ObjectNode invoke(OperationRegistry.Registered<Q> op, ObjectNode request) {
        Q typed;
        try {
            typed = AwsJson.MAPPER.treeToValue(request, op.requestType());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw AwsException.serialization("The members given for " + op.name() + " do not match its shape: "
                    + String.valueOf(why).lines().findFirst().orElse(""));
        }
        Object answer;
        try {
            answer = op.handler().handle(typed, caller);
        } catch (LambdaFailure e) {
            throw new AwsException(e.type(), e.getMessage());
        }
        JsonNode tree = AwsJson.MAPPER.valueToTree(answer);
        return tree instanceof ObjectNode object ? object : AwsJson.MAPPER.createObjectNode();
    }
}
