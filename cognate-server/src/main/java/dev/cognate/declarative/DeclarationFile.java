package dev.cognate.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declaration as a file: YAML, or JSON when the name ends in {@code .json}. Every string may
 * refer to the environment as {@code ${NAME}} (secrets stay out of the file); {@code $${} writes a
 * literal {@code ${}. A reference to an unset variable refuses the whole file.
 */
public final class DeclarationFile {
    private static final Pattern REFERENCE = Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DeclarationFile() {}

    /** The file's declaration with every {@code ${NAME}} replaced from {@code env}. */
    public static ObjectNode read(Path file, Map<String, String> env) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DeclarationException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), content, isJson(file), env);
    }

    /**
     * A declaration that is not a file of its own (one a program carries as a resource, say), read
     * as {@link #read} reads a file; {@code source} names it in the messages.
     */
    public static ObjectNode parse(String source, byte[] content, boolean json, Map<String, String> env) {
        JsonNode tree;
        try {
            if (!json) {
                refuseAliases(source, content);
            }
            tree = (json ? JSON : YAML).readTree(content);
        } catch (JsonProcessingException e) {
            throw new DeclarationException(source + " is not valid " + (json ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + locationOf(e));
        } catch (IOException e) {
            throw new DeclarationException("cannot read " + source + ": " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode declaration)) {
            throw new DeclarationException(source + " must hold an object with a UserPools list");
        }
        Set<String> missing = new TreeSet<>();
        JsonNode resolved = resolve(declaration, env, missing);
        if (!missing.isEmpty()) {
            throw new DeclarationException(source + " refers to environment variables that are not set: "
                    + String.join(", ", missing) + " (nothing was applied)");
        }
        return (ObjectNode) resolved;
    }

    public static String write(ObjectNode declaration, boolean json) {
        try {
            return (json ? JSON : YAML).writeValueAsString(declaration) + (json ? "\n" : "");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the declaration", e);
        }
    }

    public static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * Jackson reads a YAML alias ({@code *name}) as the string "name", not as what the anchor
     * holds: a declaration that uses one would be applied as something else than it says.
     */
    private static void refuseAliases(String file, byte[] content) throws IOException {
        try (var parser = (com.fasterxml.jackson.dataformat.yaml.YAMLParser) YAML.getFactory().createParser(content)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    throw new DeclarationException(file + " uses a YAML alias (*" + parser.getText()
                            + "), which a declaration does not support: write the value out (line "
                            + parser.currentLocation().getLineNr() + ")");
                }
            }
        }
    }

    private static JsonNode resolve(JsonNode node, Map<String, String> env, Set<String> missing) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.asText(), env, missing));
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                member.setValue(resolve(member.getValue(), env, missing));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, resolve(array.get(i), env, missing));
            }
        }
        return node;
    }

    static String substitute(String text, Map<String, String> env, Set<String> missing) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}";
            } else {
                replacement = env.get(m.group(2));
                if (replacement == null) {
                    missing.add(m.group(2));
                    replacement = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
