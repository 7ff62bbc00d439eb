package dev.cognate.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What the reconciler asks of JSON members: is what the file says already so, and the request that makes it so. */
final class Members {
    private Members() {}

    /** The members of {@code node} among {@code names} (a copy). */
    static ObjectNode only(JsonNode node, Collection<String> names) {
        ObjectNode out = node.deepCopy();
        out.retain(names);
        return out;
    }

    /**
     * Whether {@code actual} already says everything {@code wanted} says: objects member by member
     * (members the file leaves out are not compared), lists of the same length whose items match
     * in any order, numbers by value. An empty list matches an absent one.
     */
    static boolean satisfies(JsonNode actual, JsonNode wanted) {
        if (wanted == null || wanted.isNull()) {
            return true;
        }
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return wanted.isArray() && wanted.isEmpty() || wanted.isObject() && wanted.isEmpty();
        }
        if (wanted.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> member : wanted.properties()) {
                if (!satisfies(actual.get(member.getKey()), member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isArray()) {
            if (!actual.isArray() || actual.size() != wanted.size()) {
                return false;
            }
            List<JsonNode> left = new ArrayList<>();
            actual.forEach(left::add);
            for (JsonNode item : wanted) {
                Iterator<JsonNode> candidates = left.iterator();
                boolean found = false;
                while (candidates.hasNext()) {
                    if (satisfies(candidates.next(), item)) {
                        candidates.remove();
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return wanted.equals(actual);
    }

    /** The members of {@code wanted} that {@code actual} does not satisfy, by name. */
    static List<String> differing(JsonNode actual, ObjectNode wanted) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : wanted.properties()) {
            if (!satisfies(actual.get(member.getKey()), member.getValue())) {
                names.add(member.getKey());
            }
        }
        return names;
    }

    /**
     * {@code base} with {@code overlay} laid over it: objects merged member by member, anything else
     * (a list, a string) replaced. What the file leaves out keeps its current value.
     */
    static ObjectNode merged(ObjectNode base, ObjectNode overlay) {
        ObjectNode out = base.deepCopy();
        for (Map.Entry<String, JsonNode> member : overlay.properties()) {
            JsonNode current = out.get(member.getKey());
            if (current instanceof ObjectNode currentObject && member.getValue() instanceof ObjectNode wantedObject) {
                out.set(member.getKey(), merged(currentObject, wantedObject));
            } else {
                out.set(member.getKey(), member.getValue().deepCopy());
            }
        }
        return out;
    }

    static ArrayNode array(JsonNode node) {
        return node instanceof ArrayNode a ? a : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }

    static String text(JsonNode node, String member) {
        JsonNode value = node == null ? null : node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }
}
