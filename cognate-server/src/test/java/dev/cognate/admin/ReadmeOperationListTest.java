package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's list of supported operations is the dispatcher's: when they differ this test fails and
 * prints the block to paste between the README's markers. It also holds the README to what an
 * unsupported operation answers.
 */
class ReadmeOperationListTest {
    static final String BEGIN = "<!-- operations: generated from the dispatcher, ReadmeOperationListTest prints it -->";
    static final String END = "<!-- end of operations -->";

    @Test
    void readmeListsExactlyTheRegisteredOperations() throws IOException {
        List<OperationRegistry.Registered<?>> operations = TestServer.shared(Backend.SQLITE).server().adminOperations();
        String expected = block(operations);

        String readme = Files.readString(readme());
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the line %s", BEGIN).isNotNegative();
        assertThat(end).as("README.md has the line %s", END).isGreaterThan(begin);
        String listed = readme.substring(begin, end + END.length());

        assertThat(listed).as("README.md's operation list differs from the dispatcher's; paste this instead:%n%n%s%n", expected)
                .isEqualTo(expected);
    }

    @Test
    void anUnsupportedOperationAnswersAsTheReadmeSays() throws IOException {
        RawAdminRequest.Response response = RawAdminRequest.to(TestServer.shared(Backend.SQLITE), "NoSuchOperation").send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("UnknownOperationException");
        assertThat(response.message()).isEqualTo("Unknown operation: AWSCognitoIdentityProviderService.NoSuchOperation");
        assertThat(Files.readString(readme()))
                .contains("{\"__type\":\"UnknownOperationException\",\"message\":\"Unknown operation: AWSCognitoIdentityProviderService.<Operation>\"}");
    }

    static String block(List<OperationRegistry.Registered<?>> operations) {
        List<String> signed = names(operations, true);
        List<String> unsigned = names(operations, false);
        return BEGIN + "\n"
                + wrap("Admin operations, SigV4-signed (" + signed.size() + "): " + join(signed) + ".") + "\n\n"
                + wrap("Public operations, unsigned as in AWS (" + unsigned.size() + "): " + join(unsigned) + ".") + "\n"
                + END;
    }

    /** Lines of at most 100 characters, broken between words (one markdown paragraph still). */
    private static String wrap(String paragraph) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : paragraph.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > 100) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    private static List<String> names(List<OperationRegistry.Registered<?>> operations, boolean signed) {
        return operations.stream().filter(op -> op.signed() == signed).map(OperationRegistry.Registered::name).sorted().toList();
    }

    private static String join(List<String> names) {
        return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    private static Path readme() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root above " + System.getProperty("user.dir"));
        }
        return dir.resolve("README.md");
    }
}
