package dev.cognate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md, held against the server's sources: no package cycles,
 * and none of the arrows that should never be.
 */
class PackageLayersTest {
    static final Path SOURCES = Path.of("src/main/java");
    static final Pattern PACKAGE = Pattern.compile("^package (dev\\.cognate[\\w.]*);", Pattern.MULTILINE);
    static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.cognate(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    /** package -> the packages it uses (imports and fully qualified names). */
    static final Map<String, Set<String>> USES = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(PackageLayersTest::readFile);
        }
    }

    static void readFile(Path file) {
        try {
            String source = Files.readString(file);
            Matcher pkg = PACKAGE.matcher(source);
            if (!pkg.find()) {
                return;
            }
            String own = pkg.group(1);
            Set<String> uses = USES.computeIfAbsent(own, p -> new TreeSet<>());
            Matcher ref = REFERENCE.matcher(source.substring(pkg.end()));
            while (ref.find()) {
                if (!ref.group(1).equals(own)) {
                    uses.add(ref.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean uses(String from, String to) {
        return USES.entrySet().stream().anyMatch(e -> inside(e.getKey(), from)
                && e.getValue().stream().anyMatch(used -> inside(used, to)));
    }

    static boolean inside(String pkg, String part) {
        return pkg.equals("dev.cognate." + part) || pkg.startsWith("dev.cognate." + part + ".");
    }

    @Test
    void theSourcesWereRead() {
        assertThat(USES).containsKeys("dev.cognate.oauth", "dev.cognate.store", "dev.cognate.federation");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new HashSet<>();
        int[] counter = {0};
        for (String pkg : USES.keySet()) {
            if (!index.containsKey(pkg)) {
                strongConnect(pkg, index, low, stack, onStack, counter, cycles);
            }
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
    private static void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
                                      Set<String> onStack, int[] counter, List<List<String>> cycles) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.add(v);
        onStack.add(v);
        for (String w : USES.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, index, low, stack, onStack, counter, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.removeLast();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }

    @Test
    void theProtocolCoreKnowsNoInteraction() {
        assertThat(uses("oauth", "hostedui")).as("oauth -> hostedui").isFalse();
        assertThat(uses("oauth", "federation")).as("oauth -> federation").isFalse();
        assertThat(uses("federation", "hostedui")).as("federation -> hostedui").isFalse();
        assertThat(uses("federation", "admin")).as("federation -> admin").isFalse();
    }

    @Test
    void theStoreOwnsItsRecordsAndKnowsNoProtocol() {
        for (String protocol : List.of("admin", "oauth", "federation", "hostedui", "tokens")) {
            assertThat(uses("store", protocol)).as("store -> " + protocol).isFalse();
        }
    }

    @Test
    void mintingKnowsNoEndpointAndRecordsKnowNoWire() {
        for (String above : List.of("oauth", "admin", "hostedui")) {
            assertThat(uses("tokens", above)).as("tokens -> " + above).isFalse();
        }
        for (String records : List.of("users", "pools", "clients", "providers", "domains", "resourceservers")) {
            assertThat(uses(records, "admin")).as(records + " -> admin").isFalse();
            assertThat(uses(records, "oauth")).as(records + " -> oauth").isFalse();
        }
    }
}
