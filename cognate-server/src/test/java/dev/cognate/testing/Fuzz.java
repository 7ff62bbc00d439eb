package dev.cognate.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Seeded random inputs for the {@code *FuzzTest} properties: {@code -Dfuzz.tries} inputs per
 * property (300 unless told; the fuzz profile says 1,000,000), drawn from {@code -Dfuzz.seed}
 * (a fixed one unless told, so that every build sends the same inputs). Each try has a seed of
 * its own, and a failure names it together with the input: {@code -Dfuzz.seed=<it>
 * -Dfuzz.tries=1} sends that input again, alone.
 */
public final class Fuzz extends Random {
    public static final int TRIES = Integer.getInteger("fuzz.tries", 300);
    public static final long SEED = Long.getLong("fuzz.seed", 20261206L);

    /** What parsers trip on: controls, odd spaces and marks, lone surrogates, non-ASCII, broken %-escapes. */
    public static final List<String> HOSTILE = List.of("\u0000", "\t", "\n", "\r\n", "\u001b", "\u007f", "\u0085",
            "\u00a0", "\u2028", "\ufeff", "\uffff", "\ud800", "\udc00", "\ud83d\ude00", "\u4e2d", "e\u0301", "%", "%2",
            "%zz", "%00", "%0A", "%25", "%26", "%3D", "%FF", "%C3%28", "%E4%B8", "%E4%B8%AD", "%C0%AF", "+", "\\", "\"",
            "'", "&", "=", ";", ",");

    // Far apart, so that the tries' seeds give unrelated sequences.
    private static final long STEP = 0x9E3779B97F4A7C15L;

    private Fuzz(long seed) {
        super(seed);
    }

    /** Checks {@code property} on {@link #TRIES} inputs from {@code generator}; stops at the first failure. */
    public static <T> void forAll(Function<Fuzz, T> generator, ThrowingConsumer<T> property) {
        String name = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst())
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElse("fuzz");
        System.out.printf("%s: %d tries from -Dfuzz.seed=%d%n", name, TRIES, SEED);
        for (int i = 0; i < TRIES; i++) {
            long seed = SEED + i * STEP;
            T input = generator.apply(new Fuzz(seed));
            try {
                property.accept(input);
            } catch (Throwable failure) {
                throw new AssertionError("%s failed on try %d of the run from -Dfuzz.seed=%d; replay it with -Dfuzz.seed=%d -Dfuzz.tries=1%ninput: %s%n%s"
                        .formatted(name, i + 1, SEED, seed, escape(String.valueOf(input)), failure), failure);
            }
        }
    }

    public String pick(String... options) {
        return options[nextInt(options.length)];
    }

    public <T> T pick(List<T> options) {
        return options.get(nextInt(options.size()));
    }

    /** Any UTF-16 text up to {@code max} characters, a quarter of them anything (controls, lone surrogates). */
    public String text(int max) {
        StringBuilder out = new StringBuilder();
        for (int i = nextInt(max + 1); i > 0; i--) {
            out.append((char) (nextInt(4) == 0 ? nextInt(0x10000) : 0x20 + nextInt(0x5f)));
        }
        return out.toString();
    }

    /** {@code length} characters of {@code alphabet}. */
    public String string(String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /**
     * Up to {@code max} pieces joined: each one of {@code pieces}, of {@link #HOSTILE} or any short
     * text; now and then one of them repeated into a very long string.
     */
    public String pieces(int max, List<String> pieces) {
        StringBuilder out = new StringBuilder();
        for (int i = nextInt(max + 1); i > 0; i--) {
            String piece = switch (nextInt(3)) {
                case 0 -> pick(pieces);
                case 1 -> pick(HOSTILE);
                default -> text(8);
            };
            out.append(nextInt(200) == 0 ? piece.repeat(1 + nextInt(20_000)) : piece);
        }
        return out.toString();
    }

    /** {@code valid} with one to four characters or spans inserted, deleted, replaced or repeated. */
    public String mutate(String valid) {
        StringBuilder out = new StringBuilder(valid);
        for (int i = 1 + nextInt(4); i > 0; i--) {
            int at = nextInt(out.length() + 1);
            int end = Math.min(out.length(), at + 1 + nextInt(8));
            switch (nextInt(4)) {
                case 0 -> out.insert(at, nextBoolean() ? pick(HOSTILE) : text(3));
                case 1 -> out.delete(at, end);
                case 2 -> out.replace(at, end, nextBoolean() ? pick(HOSTILE) : text(1));
                default -> out.insert(at, out.substring(at, end));
            }
        }
        return out.toString();
    }

    /** {@code fields} joined by {@code separator}, one of them (a parameter, say) given twice. */
    public String withOneTwice(List<String> fields, String separator) {
        List<String> out = new ArrayList<>(fields);
        out.add(nextInt(out.size() + 1), pick(fields));
        return String.join(separator, out);
    }

    /**
     * {@code s} as a Java literal would spell it, so that invisible characters show in a failure;
     * cut after 20,000 characters (the try's seed replays the rest).
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), 20_000)).toCharArray()) {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) || c == '\u2028' || c == '\ufeff') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return s.length() > 20_000 ? out + "... (" + s.length() + " characters)" : out.toString();
    }
}
