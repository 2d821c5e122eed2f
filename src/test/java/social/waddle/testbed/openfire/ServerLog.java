package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Openfire's log file of one test-bed server (log4j writes it; see {@code openfire-bed/log4j.properties}), read
 * from the test side. A {@link Mark} remembers how far the file went, so a wait only sees lines written after it:
 * the log of a restarted or reloaded server repeats earlier messages.
 */
public final class ServerLog {

    /** A position in the log; lines after it are "new". */
    public record Mark(long offset) {
    }

    private final Path file;

    ServerLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Mark mark() {
        try {
            return new Mark(Files.exists(file) ? Files.size(file) : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log written since {@code mark} (all of it if the file was replaced). */
    public String since(Mark mark) {
        if (!Files.exists(file)) {
            return "";
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            int from = mark.offset() <= bytes.length ? (int) mark.offset() : 0;
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<String> firstLineSince(Mark mark, String fragment) {
        return since(mark).lines().filter(line -> line.contains(fragment)).findFirst();
    }

    /** The last {@code lines} lines of the whole log, for failure messages. */
    public String tail(int lines) {
        return tail(file, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no " + file + ")";
        }
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
