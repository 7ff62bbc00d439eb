package dev.cognate.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a declaration: YAML or JSON, ${NAME} from the environment, and what is refused before anything is applied. */
class DeclarationFileTest {
    @TempDir
    Path dir;

    @Test
    void referencesAreReplacedFromTheEnvironmentInYamlAndJson() throws IOException {
        ObjectNode yaml = DeclarationFile.read(write("d.yaml", """
                UserPools:
                  - PoolName: p
                    UserPoolClients:
                      - {ClientName: "web-${STAGE}", ClientSecret: "${SECRET}"}
                """), Map.of("STAGE", "prod", "SECRET", "s3cret"));
        ObjectNode json = DeclarationFile.read(write("d.json", """
                {"UserPools": [{"PoolName": "p", "UserPoolClients": [{"ClientName": "web-${STAGE}", "ClientSecret": "${SECRET}"}]}]}
                """), Map.of("STAGE", "prod", "SECRET", "s3cret"));
        assertThat(yaml).isEqualTo(json);
        assertThat(yaml.at("/UserPools/0/UserPoolClients/0/ClientName").asText()).isEqualTo("web-prod");
        assertThat(yaml.at("/UserPools/0/UserPoolClients/0/ClientSecret").asText()).isEqualTo("s3cret");
    }

    /** A program's own declaration (the demo's, a resource): read as a file is, its values given in the process. */
    @Test
    void aDeclarationThatIsNotAFileIsReadAsAFileIs() {
        byte[] content = "UserPools: [{PoolName: p, Users: [{Username: u, Password: \"${PASSWORD}\"}]}]\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);

        ObjectNode read = DeclarationFile.parse("demo-pool.yaml", content, false, Map.of("PASSWORD", "pw-1"));

        assertThat(read.at("/UserPools/0/Users/0/Password").asText()).isEqualTo("pw-1");
        assertThatThrownBy(() -> DeclarationFile.parse("demo-pool.yaml", content, false, Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("demo-pool.yaml").hasMessageContaining("PASSWORD");
        assertThatThrownBy(() -> DeclarationFile.parse("demo-pool.yaml", "a: &x 1\nb: *x\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8), false, Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("alias");
    }

    @Test
    void aVariablesValueIsNotExpandedAgain() throws IOException {
        ObjectNode read = DeclarationFile.read(write("d.yaml", "UserPools: [{PoolName: \"${A}\"}]\n"),
                Map.of("A", "${B}", "B", "injected"));
        assertThat(read.at("/UserPools/0/PoolName").asText()).isEqualTo("${B}");
    }

    @Test
    void aDoubledDollarWritesALiteralReference() throws IOException {
        ObjectNode read = DeclarationFile.read(write("d.yaml", "UserPools: [{PoolName: \"$${HOME}\"}]\n"), Map.of());
        assertThat(read.at("/UserPools/0/PoolName").asText()).isEqualTo("${HOME}");
    }

    @Test
    void everyUnsetVariableIsNamedAndNothingIsReturned() throws IOException {
        Path file = write("d.yaml", "UserPools: [{PoolName: \"${ONE}\", Users: [{Username: u, Password: \"${TWO}\"}]}]\n");
        assertThatThrownBy(() -> DeclarationFile.read(file, Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("ONE, TWO");
    }

    @Test
    void aYamlAliasBombIsRefusedAndNoAliasIsReadAsItsName() throws IOException {
        Path alias = write("alias.yaml", "UserPools: [{PoolName: &n p, Groups: [{GroupName: *n}]}]\n");
        assertThatThrownBy(() -> DeclarationFile.read(alias, Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("alias");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Path file = write("bomb.yaml", bomb.toString());
        assertThatThrownBy(() -> DeclarationFile.read(file, Map.of())).isInstanceOf(DeclarationException.class)
                .hasMessageContaining("alias");
    }

    @Test
    void notAnObjectIsRefused() throws IOException {
        assertThatThrownBy(() -> DeclarationFile.read(write("d.yaml", "- PoolName: p\n"), Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("UserPools");
        assertThatThrownBy(() -> DeclarationFile.read(write("d.json", "{\"UserPools\": [}"), Map.of()))
                .isInstanceOf(DeclarationException.class).hasMessageContaining("not valid JSON");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
