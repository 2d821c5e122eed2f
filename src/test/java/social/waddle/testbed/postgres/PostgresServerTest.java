package social.waddle.testbed.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @TempDir
    Path installRoot;

    private void install(String version, String... programs) throws IOException {
        Path bin = Files.createDirectories(installRoot.resolve(version).resolve("bin"));
        for (String program : programs) {
            Files.createFile(bin.resolve(program), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }

    @Test
    void picksTheNewestMajorVersionThatHasTheServer() throws IOException {
        install("9.6", "initdb", "postgres", "pg_ctl");
        install("13", "initdb", "postgres", "pg_ctl");
        install("15", "initdb", "postgres", "pg_ctl");
        install("17", "psql", "pg_dump");

        Path bin = PostgresServer.newestInstalled(installRoot);

        assertThat(bin).isEqualTo(installRoot.resolve("15").resolve("bin"));
    }

    @Test
    void failsSayingWhatToInstallWhenThereIsNoServer() throws IOException {
        install("15", "psql");

        assertThatThrownBy(() -> PostgresServer.newestInstalled(installRoot))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PostgreSQL is not installed")
                .hasMessageContaining("apt-get install postgresql");
        assertThatThrownBy(() -> PostgresServer.newestInstalled(installRoot.resolve("absent")))
                .hasMessageContaining("apt-get install postgresql");
    }
}
